package io.energymon.uploader.basedata;

import io.energymon.security.SecurityErrors;
import io.energymon.uploader.basedata.BaseDataService.Stored;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The code lists each platform of an enterprise published (基础数据, as stored by {@link BaseDataService}), for the
 * portal's data-code builder: use codes, products, indicators and the other lists only the platform publishes.
 * Read-only: one statement for all the enterprise's targets, no transaction beyond it. An enterprise the uploader's
 * configuration ({@code config.v1}) does not hold for the tenant gets the tenant wall's 404.
 */
@RestController
public class PlatformCodeListsController {
    private final EnterpriseDirectory directory;
    private final BaseDataService baseData;

    public PlatformCodeListsController(EnterpriseDirectory directory, BaseDataService baseData) {
        this.directory = directory;
        this.baseData = baseData;
    }

    /**
     * One element per target of the enterprise (enabled or paused) whose platform's lists are stored, in the order
     * of its targets; empty while none was downloaded.
     */
    @GetMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/platform-code-lists")
    public List<Stored> codeLists(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        Enterprise e = directory.find(tenantId, enterpriseCode).orElseThrow(NotConfigured::new);
        List<String> targets = e.targets().stream().map(Enterprise.Target::platformId).toList();
        return baseData.stored(targets).stream()
                .sorted(Comparator.comparingInt(s -> targets.indexOf(s.platformId())))
                .toList();
    }

    /** The enterprise is not in the configuration: not revealed to exist, as the tenant wall answers. */
    @ExceptionHandler(NotConfigured.class)
    void notConfigured(HttpServletResponse response) throws IOException {
        SecurityErrors.notFound(response);
    }

    static final class NotConfigured extends RuntimeException {
        NotConfigured() {
            super(null, null, false, false);
        }
    }
}
