package io.energymon.codes.standard;

/** An entry of one of the standard's code lists, with its Chinese and English name. */
public interface StandardCode {

    String code();

    String nameZh();

    String nameEn();
}
