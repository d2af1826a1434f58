package io.energymon.domain.config;

import java.math.BigDecimal;

/**
 * How a derived point computes heat carried by steam (DB36 §6.3.3.2 b) from three measured points of the same
 * enterprise, with IAPWS-IF97 steam properties: mass flow times the enthalpy of the steam at its pressure and
 * temperature less the enthalpy of the water it came from.
 *
 * @param flowPoint            point of the steam's mass flow (e.g. t/h, kg/h)
 * @param pressurePoint        point of the steam's pressure (e.g. MPa, kPa)
 * @param temperaturePoint     point of the steam's temperature (e.g. °C)
 * @param referenceTemperature temperature in °C of the feed or return water the heat is counted from (default 20 °C)
 * @param gaugePressure        whether the pressure point reads gauge pressure (default true: 0.101325 MPa is added)
 */
public record SteamHeat(String flowPoint, String pressurePoint, String temperaturePoint,
                        BigDecimal referenceTemperature, Boolean gaugePressure) {
}
