package dev.provision.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The version Maven wrote into the jar's manifest, the commit it was built from, and the SDKs it carries. */
final class Version implements IVersionProvider {
    static final String UNKNOWN = "unknown";

    /** The bare version, e.g. {@code 0.1.0}, as reports record it. */
    static String number() {
        String v = ProvisionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** The git commit recorded at build time (pom.xml, antrun), or "unknown" when not built from git. */
    static String commit() {
        return build().getProperty("commit", UNKNOWN);
    }

    /**
     * The cloud SDK versions actually on the class path, read from each jar's own META-INF/maven pom.properties
     * (so a shaded jar or an overridden dependency reports what runs, not what the pom asked for). yavijava's jar
     * carries no version at all, so the one recorded from the pom at build time stands in for it.
     */
    static Map<String, String> dependencies() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("azure-resourcemanager-compute",
                fromJar("com.azure.resourcemanager", "azure-resourcemanager-compute"));
        versions.put("azure-core", fromJar("com.azure", "azure-core"));
        versions.put("yavijava", build().getProperty("yavijava", UNKNOWN));
        return versions;
    }

    private static String fromJar(String group, String artifact) {
        Properties p = load("/META-INF/maven/" + group + "/" + artifact + "/pom.properties");
        return p.getProperty("version", UNKNOWN);
    }

    private static Properties build() {
        return load("/dev/provision/cli/build.properties");
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource is reported as "unknown", like a missing one: a version line never fails.
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"provision " + number()};
    }
}
