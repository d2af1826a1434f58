package io.energymon.codes.standard;

import io.energymon.codes.csv.CsvRows;

import java.util.Arrays;
import java.util.List;

/** The code lists of DB36/T 2149.2-2025: Tables 3 and 4 and Appendix A Tables A.1-A.3. */
public final class StandardTables {

    private static final class Holder {
        static final CodeList<EnergyType> ENERGY = new CodeList<>("能源品种编码表", "energy type table (A.1)",
                load("energy-types.csv", 5, f -> new EnergyType(f[0], f[1], f[2], f[3], f[4])));
        static final CodeList<WorkingMedium> MEDIA = new CodeList<>("耗能工质编码表", "working medium table (A.2)",
                load("working-media.csv", 5, f -> new WorkingMedium(f[0], f[1], f[2], f[3], f[4])));
        static final CodeList<MeterType> METERS = new CodeList<>("计量器具类型代码表", "meter type table (A.3)",
                load("meter-types.csv", 3, f -> new MeterType(f[0], f[1], f[2])));
        static final CodeList<DataSource> SOURCES = new CodeList<>("数据采集来源类型编码", "data source table (Table 3)",
                Arrays.asList(DataSource.values()));
        static final CodeList<DataClass> CLASSES = new CodeList<>("采集数据编码表", "data class table (Table 4)",
                Arrays.asList(DataClass.values()));
    }

    private StandardTables() {
    }

    /** Table A.1, 41 entries. */
    public static CodeList<EnergyType> energyTypes() {
        return Holder.ENERGY;
    }

    /** Table A.2, 16 entries. */
    public static CodeList<WorkingMedium> workingMedia() {
        return Holder.MEDIA;
    }

    /** Table A.3, 35 entries. */
    public static CodeList<MeterType> meterTypes() {
        return Holder.METERS;
    }

    /** Table 3, 7 entries. */
    public static CodeList<DataSource> dataSources() {
        return Holder.SOURCES;
    }

    /** Table 4, 10 entries. */
    public static CodeList<DataClass> dataClasses() {
        return Holder.CLASSES;
    }

    /** Loads a table next to this class (a relative name resolves to /io/energymon/codes/standard/{file}). */
    private static <T> List<T> load(String file, int fields, CsvRows.IoFunction<String[], T> mapper) {
        return CsvRows.fromResource(StandardTables.class, file, in -> CsvRows.read(in, fields, mapper));
    }
}
