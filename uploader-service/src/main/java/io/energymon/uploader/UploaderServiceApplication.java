package io.energymon.uploader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UploaderServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(UploaderServiceApplication.class, args);
    }
}
