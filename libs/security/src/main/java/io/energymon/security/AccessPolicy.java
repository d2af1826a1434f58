package io.energymon.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A service's role-per-endpoint policy: an ordered list of rules "method(s) + path pattern -> required access"; the
 * first rule that matches a request decides. A request no rule matches is refused (fail closed). Each service declares
 * its policy as one bean, readable top to bottom, e.g.:
 *
 * <pre>
 * AccessPolicy.builder()
 *     .rule(POST, "/api/v1/tenants/{t}/enterprises/{e}/meters/{m}/events", Access.OPERATE)
 *     .reads("/api/**", Access.READ)
 *     .writes("/api/**", Access.MANAGE)
 *     .build();
 * </pre>
 */
public final class AccessPolicy {
    /** The HTTP methods that only read. */
    public static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** A rule: the methods it covers (empty: all), the path pattern and the access it requires. */
    public record Rule(Set<String> methods, PathPattern pattern, Access access) {
        boolean matches(String method, PathContainer path) {
            return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "*" : String.join(",", methods)) + " " + pattern + " -> " + access;
        }
    }

    private final List<Rule> rules;

    private AccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A policy that refuses every request reaching a controller (for services without an HTTP API). */
    public static AccessPolicy denyAll() {
        return new AccessPolicy(List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The access a request requires; empty when no rule covers it (it is then refused). */
    public Optional<Access> required(String method, String path) {
        PathContainer p = PathContainer.parsePath(path);
        return rules.stream().filter(r -> r.matches(method, p)).map(Rule::access).findFirst();
    }

    public static final class Builder {
        private final PathPatternParser parser = new PathPatternParser();
        private final List<Rule> rules = new ArrayList<>();

        /** A rule for the given methods (e.g. "POST"). */
        public Builder rule(String method, String pattern, Access access) {
            return add(Set.of(method), pattern, access);
        }

        /** A rule for the reading methods (GET, HEAD, OPTIONS). */
        public Builder reads(String pattern, Access access) {
            return add(READ_METHODS, pattern, access);
        }

        /** A rule for every method that is not a reading one (POST, PUT, PATCH, DELETE). */
        public Builder writes(String pattern, Access access) {
            return add(Set.of("POST", "PUT", "PATCH", "DELETE"), pattern, access);
        }

        /** A rule for every method. */
        public Builder any(String pattern, Access access) {
            return add(Set.of(), pattern, access);
        }

        private Builder add(Set<String> methods, String pattern, Access access) {
            rules.add(new Rule(Set.copyOf(methods), parser.parse(pattern), access));
            return this;
        }

        public AccessPolicy build() {
            return new AccessPolicy(rules);
        }
    }
}
