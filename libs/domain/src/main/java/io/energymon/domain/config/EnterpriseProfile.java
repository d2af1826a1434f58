package io.energymon.domain.config;

import java.time.ZoneId;

/**
 * The enterprise's registration details (DB36 §9.2, reported to the platform in the base-information upload).
 *
 * @param name                   registered name
 * @param industryCode           GB/T 4754-2017 class code (4 digits)
 * @param region                 GB/T 2260 code (6 digits)
 * @param legalRepresentative    法定代表人
 * @param address                registered address
 * @param zipCode                postal code (6 digits), optional
 * @param phone                  contact phone
 * @param email                  contact e-mail, optional
 * @param energyOfficer          能源管理负责人 name
 * @param energyOfficerPhone     its phone
 * @param energyConsumptionLevel 1 = below 5 000 tce ... 6 = above 3 Mt (PROTOCOL.md §1)
 * @param zone                   time zone of day and month boundaries (default Asia/Shanghai)
 * @param layoutProfile          data item code layout: {@code NHJC16} (default) or {@code DB36_17}
 * @param licenceSha256          SHA-256 (hex) of the stored business licence file, or null when none is stored
 */
public record EnterpriseProfile(String name, String industryCode, String region, String legalRepresentative,
                                String address, String zipCode, String phone, String email, String energyOfficer,
                                String energyOfficerPhone, Integer energyConsumptionLevel, ZoneId zone,
                                String layoutProfile, String licenceSha256) {
    public EnterpriseProfile {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        layoutProfile = layoutProfile == null || layoutProfile.isBlank() ? "NHJC16" : layoutProfile;
    }
}
