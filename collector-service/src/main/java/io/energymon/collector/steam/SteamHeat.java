package io.energymon.collector.steam;

import java.math.BigDecimal;

/** INTERIM copy of io.energymon.domain.config.SteamHeat until it lands on main; removed at the merge. */
public record SteamHeat(String flowPoint, String pressurePoint, String temperaturePoint, BigDecimal referenceTemperature,
                        Boolean gaugePressure) {
}
