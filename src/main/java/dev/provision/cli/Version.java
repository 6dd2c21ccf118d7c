package dev.provision.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ProvisionCommand.class.getPackage().getImplementationVersion();
        return new String[] {"provision " + (v == null ? "(development build)" : v)};
    }
}
