package io.energymon.uploader.testing;

import io.energymon.uploader.alarm.UploadAlarms;
import io.energymon.uploader.basedata.BaseDataService;
import io.energymon.uploader.basedata.ItemCodeCheck;
import io.energymon.uploader.config.ReplicaId;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.credentials.EnterpriseCredentials;
import io.energymon.uploader.delivery.AttemptLog;
import io.energymon.uploader.delivery.PlatformClients;
import io.energymon.uploader.delivery.RealtimeDelivery;
import io.energymon.uploader.directory.EnterpriseConfigFeed;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.energymon.uploader.queue.UploadQueue;
import io.energymon.uploader.registration.RegistrationService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A second uploader instance on the same database as the test's application context: its own delivery, registration
 * service, HTTP clients, replica id and clock, sharing only what replicas share (the database, the directory read
 * from the same config topic, the Kafka producer of alarms).
 */
public final class Replica implements AutoCloseable {
    private final PlatformClients clients;
    private final RealtimeDelivery delivery;

    public Replica(ApplicationContext ctx, Clock clock, String id) {
        UploaderProperties props = ctx.getBean(UploaderProperties.class);
        JdbcClient jdbc = ctx.getBean(JdbcClient.class);
        AttemptLog attempts = ctx.getBean(AttemptLog.class);
        ReplicaId replica = new ReplicaId(id);
        this.clients = new PlatformClients(ctx.getBean(EnterpriseCredentials.class));
        MeterRegistry meters = ctx.getBean(MeterRegistry.class);
        BaseDataService baseData = new BaseDataService(jdbc, attempts, props, clock);
        this.delivery = new RealtimeDelivery(props, ctx.getBean(EnterpriseDirectory.class),
                ctx.getBean(EnterpriseConfigFeed.class), clients,
                new RegistrationService(jdbc, attempts, props, clock, replica, baseData), baseData,
                new ItemCodeCheck(jdbc, ctx.getBean(UploadAlarms.class), clock, meters), ctx.getBean(UploadQueue.class),
                attempts, ctx.getBean(UploadAlarms.class), ctx.getBean(TransactionTemplate.class), meters,
                clock, replica);
    }

    /** One delivery round of this instance. */
    public void deliverAll() {
        delivery.deliverAll();
    }

    @Override
    public void close() {
        clients.destroy();
    }
}
