package io.energymon.uploader.secrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link SecretBox} under the key of the mounted key file; the application does not start without it. */
@Configuration
class SecretsBeans {

    @Bean
    SecretBox secretBox(SecretsProperties props) {
        return new SecretBox(SecretsKeyFile.load(props.keyFile(), props.generateKey()));
    }
}
