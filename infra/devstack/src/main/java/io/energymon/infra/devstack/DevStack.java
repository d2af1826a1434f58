package io.energymon.infra.devstack;

public final class DevStack {
    public static void main(String[] args) {
    }
}
