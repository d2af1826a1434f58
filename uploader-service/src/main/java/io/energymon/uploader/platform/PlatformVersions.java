package io.energymon.uploader.platform;

/**
 * Versions the platform reports: when either changes, download the base data again and re-validate the configured
 * items.
 *
 * @param regVersion platform configuration version
 * @param dicVersion base-data (code list) version
 */
public record PlatformVersions(String regVersion, String dicVersion) {
}
