package io.energymon.portal.masterdata;

import io.energymon.codes.validation.Violation;
import java.util.List;

/** Why a master-data request cannot be carried out; mapped to an HTTP status with a bilingual body. */
public sealed class MasterDataException extends RuntimeException {
    private final String messageZh;
    private final String messageEn;

    MasterDataException(String messageZh, String messageEn) {
        super(messageZh + " / " + messageEn);
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return messageEn;
    }

    /** 404: no such tenant, enterprise or entity within the caller's scope. */
    public static final class NotFound extends MasterDataException {
        public NotFound(String whatZh, String whatEn, String key) {
            super(whatZh + "“" + key + "”不存在或无权访问", whatEn + " '" + key + "' not found or not accessible");
        }

        public static NotFound of(Kind<?> kind, String key) {
            return new NotFound(kind.nameZh(), kind.nameEn(), key);
        }
    }

    /** 409: the entity changed since the caller read it, or it already exists. */
    public static final class Conflict extends MasterDataException {
        public Conflict(String messageZh, String messageEn) {
            super(messageZh, messageEn);
        }
    }

    /** 400: the request breaks rules; every broken rule is listed with its field. */
    public static final class Invalid extends MasterDataException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("数据校验未通过，共" + violations.size() + "处错误", "validation failed with " + violations.size()
                    + " error(s)");
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }
}
