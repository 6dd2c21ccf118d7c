package dev.provision.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest. */
final class Version implements IVersionProvider {
    /** The bare version, e.g. {@code 0.1.0}, as reports record it. */
    static String number() {
        String v = ProvisionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"provision " + number()};
    }
}
