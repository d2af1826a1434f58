package io.energymon.portal.masterdata.api;

import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EquipmentConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.ProcessUnitConfig;
import io.energymon.domain.config.TargetConfig;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataService;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The master-data API's entities below the enterprise, one controller per kind (see {@link EntityController}). */
final class EntityControllers {
    private EntityControllers() {
    }

    @RestController
    @RequestMapping(EntityController.BASE + "processes")
    @Tag(name = "processes")
    static class ProcessController extends EntityController<ProcessConfig> {
        ProcessController(MasterDataService s) {
            super(s, Kind.PROCESSES);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "process-units")
    @Tag(name = "process-units")
    static class ProcessUnitController extends EntityController<ProcessUnitConfig> {
        ProcessUnitController(MasterDataService s) {
            super(s, Kind.PROCESS_UNITS);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "equipment")
    @Tag(name = "equipment")
    static class EquipmentController extends EntityController<EquipmentConfig> {
        EquipmentController(MasterDataService s) {
            super(s, Kind.EQUIPMENT);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "meters")
    @Tag(name = "meters")
    static class MeterController extends EntityController<MeterConfig> {
        MeterController(MasterDataService s) {
            super(s, Kind.METERS);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "collectors")
    @Tag(name = "collectors")
    static class CollectorController extends EntityController<CollectorConfig> {
        CollectorController(MasterDataService s) {
            super(s, Kind.COLLECTORS);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "devices")
    @Tag(name = "devices")
    static class DeviceController extends EntityController<DeviceConfig> {
        DeviceController(MasterDataService s) {
            super(s, Kind.DEVICES);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "points")
    @Tag(name = "points")
    static class PointController extends EntityController<PointConfig> {
        PointController(MasterDataService s) {
            super(s, Kind.POINTS);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "items")
    @Tag(name = "items")
    static class ItemController extends EntityController<ItemConfig> {
        ItemController(MasterDataService s) {
            super(s, Kind.ITEMS);
        }
    }

    @RestController
    @RequestMapping(EntityController.BASE + "targets")
    @Tag(name = "targets")
    static class TargetController extends EntityController<TargetConfig> {
        TargetController(MasterDataService s) {
            super(s, Kind.TARGETS);
        }
    }
}
