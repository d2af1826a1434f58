package io.energymon.portal.overview;

import io.energymon.portal.masterdata.MasterDataStore;
import io.energymon.portal.overview.OverviewController.EnterpriseSummary;
import io.energymon.security.Caller;
import java.util.List;
import org.springframework.stereotype.Component;

/** The enterprises a caller may see: those of its token within its tenant, every tenant's for platform operators. */
@Component
public class VisibleEnterprises {
    private final MasterDataStore masterData;

    public VisibleEnterprises(MasterDataStore masterData) {
        this.masterData = masterData;
    }

    public List<EnterpriseSummary> of(Caller caller) {
        return masterData.allEnterprises().stream()
                .filter(e -> caller.canSeeEnterprise(e.tenantId(), e.enterpriseCode()))
                .map(EnterpriseSummary::of).toList();
    }
}
