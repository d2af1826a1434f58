package io.energymon.aggregator.alarm;

import io.energymon.aggregator.alarm.Observation.Key;
import io.energymon.aggregator.outbox.OutboxWriter;
import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns observations into alarms, raised once and cleared once per stretch of a condition: per (enterprise, type,
 * subject) it counts consecutive bad and good observations ({@code alarm_state}), raises after
 * {@link AlarmKind#raiseAfter()} bad ones and clears after {@link AlarmKind#clearAfter()} good ones. The events go to
 * {@code alarms.v1} through the outbox and into {@code alarm_history}, in the caller's transaction, so a rolled-back
 * batch raises nothing and a replayed one observes the same state again.
 *
 * <p>Set-based: the states of all observed subjects are read in one statement (locked), the changed ones written in
 * one upsert and one delete; a good observation of a subject without state (the usual case) writes nothing.
 */
@Component
public class AlarmStates {
    private static final Logger log = LoggerFactory.getLogger(AlarmStates.class);

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final Counter raised;
    private final Counter cleared;

    /** A subject's counters; {@code alarmId} null while no alarm is raised. */
    private record State(int bad, int good, UUID alarmId) {
        static final State NEUTRAL = new State(0, 0, null);

        boolean neutral() {
            return bad == 0 && alarmId == null;
        }
    }

    public AlarmStates(JdbcClient jdbc, OutboxWriter outbox, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.raised = Counter.builder("aggregator_alarms_total").tag("state", "raised").register(registry);
        this.cleared = Counter.builder("aggregator_alarms_total").tag("state", "cleared").register(registry);
    }

    /** Applies the observations (in time order per subject); returns the alarm events written. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<AlarmEvent> observe(List<Observation> observations) {
        if (observations.isEmpty()) {
            return List.of();
        }
        Map<Key, List<Observation>> byKey = new LinkedHashMap<>();
        for (Observation o : observations) {
            byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
        }
        Map<Key, State> before = load(List.copyOf(byKey.keySet()));
        Map<Key, State> after = new LinkedHashMap<>();
        List<AlarmEvent> events = new ArrayList<>();
        for (Map.Entry<Key, List<Observation>> e : byKey.entrySet()) {
            State s = before.getOrDefault(e.getKey(), State.NEUTRAL);
            List<Observation> seen = new ArrayList<>(e.getValue());
            seen.sort(Comparator.comparing(Observation::at));
            for (Observation o : seen) {
                s = step(s, o, events);
            }
            State old = before.get(e.getKey());
            if (old == null ? !s.neutral() : !old.equals(s)) {
                after.put(e.getKey(), s);
            }
        }
        write(after);
        record(events);
        return events;
    }

    private State step(State s, Observation o, List<AlarmEvent> events) {
        AlarmKind kind = o.kind();
        if (o.bad()) {
            int bad = s.bad() + 1;
            if (s.alarmId() == null && bad >= kind.raiseAfter()) {
                UUID id = UUID.randomUUID();
                events.add(new AlarmEvent(id, id, o.enterprise().tenantId(), o.enterprise().enterpriseCode(),
                        "aggregator", kind.name(), o.subject(), AlarmEvent.State.RAISED,
                        kind.message(o.subject(), o.detailZh(), o.detailEn()), o.at()));
                return new State(bad, 0, id);
            }
            return new State(bad, 0, s.alarmId());
        }
        if (s.neutral()) {
            return s;
        }
        if (s.alarmId() == null) {
            return State.NEUTRAL; // bad streak below the raise threshold, broken
        }
        int good = s.good() + 1;
        if (good >= kind.clearAfter()) {
            events.add(new AlarmEvent(UUID.randomUUID(), s.alarmId(), o.enterprise().tenantId(),
                    o.enterprise().enterpriseCode(), "aggregator", kind.name(), o.subject(), AlarmEvent.State.CLEARED,
                    kind.message(o.subject(), "已恢复", "back to normal"), o.at()));
            return State.NEUTRAL;
        }
        return new State(0, good, s.alarmId());
    }

    private Map<Key, State> load(List<Key> keys) {
        Map<Key, State> out = new HashMap<>();
        jdbc.sql("""
                        select s.tenant_id, s.enterprise_code, s.type, s.subject, s.bad_streak, s.good_streak, s.alarm_id
                          from alarm_state s
                          join unnest(?::text[], ?::text[], ?::text[], ?::text[]) as q(t, e, ty, su)
                            on s.tenant_id = q.t and s.enterprise_code = q.e and s.type = q.ty and s.subject = q.su
                           for update of s
                        """)
                .params(column(keys, Key::tenantId), column(keys, Key::enterpriseCode), column(keys, Key::type),
                        column(keys, Key::subject))
                .query((rs, i) -> out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                        new State(rs.getInt(5), rs.getInt(6), rs.getObject(7, UUID.class))))
                .list();
        return out;
    }

    private void write(Map<Key, State> changed) {
        List<Key> kept = changed.entrySet().stream().filter(e -> !e.getValue().neutral()).map(Map.Entry::getKey)
                .toList();
        List<Key> gone = changed.entrySet().stream().filter(e -> e.getValue().neutral()).map(Map.Entry::getKey)
                .toList();
        if (!kept.isEmpty()) {
            jdbc.sql("""
                            insert into alarm_state (tenant_id, enterprise_code, type, subject, bad_streak, good_streak,
                                                     alarm_id)
                            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::uuid[])
                            on conflict (tenant_id, enterprise_code, type, subject) do update
                               set bad_streak = excluded.bad_streak, good_streak = excluded.good_streak,
                                   alarm_id = excluded.alarm_id, updated_at = now()
                            """)
                    .params(column(kept, Key::tenantId), column(kept, Key::enterpriseCode), column(kept, Key::type),
                            column(kept, Key::subject),
                            kept.stream().map(k -> changed.get(k).bad()).toArray(Integer[]::new),
                            kept.stream().map(k -> changed.get(k).good()).toArray(Integer[]::new),
                            kept.stream().map(k -> changed.get(k).alarmId()).map(AlarmStates::text).toArray(String[]::new))
                    .update();
        }
        if (!gone.isEmpty()) {
            jdbc.sql("""
                            delete from alarm_state s
                             using unnest(?::text[], ?::text[], ?::text[], ?::text[]) as q(t, e, ty, su)
                             where s.tenant_id = q.t and s.enterprise_code = q.e and s.type = q.ty and s.subject = q.su
                            """)
                    .params(column(gone, Key::tenantId), column(gone, Key::enterpriseCode), column(gone, Key::type),
                            column(gone, Key::subject))
                    .update();
        }
    }

    private void record(List<AlarmEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<AlarmEvent> raises = events.stream().filter(e -> e.state() == AlarmEvent.State.RAISED).toList();
        List<AlarmEvent> clears = events.stream().filter(e -> e.state() == AlarmEvent.State.CLEARED).toList();
        if (!raises.isEmpty()) {
            jdbc.sql("""
                            insert into alarm_history (alarm_id, tenant_id, enterprise_code, type, subject, message,
                                                       raised_at)
                            select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                                 ?::timestamptz[])
                            """)
                    .params(raises.stream().map(e -> e.alarmId().toString()).toArray(String[]::new),
                            raises.stream().map(AlarmEvent::tenantId).toArray(String[]::new),
                            raises.stream().map(AlarmEvent::enterpriseCode).toArray(String[]::new),
                            raises.stream().map(AlarmEvent::type).toArray(String[]::new),
                            raises.stream().map(AlarmEvent::subject).toArray(String[]::new),
                            raises.stream().map(AlarmEvent::message).toArray(String[]::new),
                            raises.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new))
                    .update();
        }
        if (!clears.isEmpty()) {
            jdbc.sql("""
                            update alarm_history h set cleared_at = q.at
                              from unnest(?::uuid[], ?::timestamptz[]) as q(id, at)
                             where h.alarm_id = q.id and h.cleared_at is null
                            """)
                    .params(clears.stream().map(e -> e.alarmId().toString()).toArray(String[]::new),
                            clears.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new))
                    .update();
        }
        outbox.writeAll(Topics.ALARMS, events.stream()
                .map(e -> new OutboxWriter.Message(e.enterpriseCode(), e)).toList());
        raised.increment(raises.size());
        cleared.increment(clears.size());
        for (AlarmEvent e : events) {
            log.info("tenant={} enterprise={} alarm {} {} {}: {}", e.tenantId(), e.enterpriseCode(), e.type(),
                    e.subject(), e.state(), e.message());
        }
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private static String[] column(List<Key> keys, java.util.function.Function<Key, String> f) {
        return keys.stream().map(f).toArray(String[]::new);
    }
}
