package dev.provision.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The launcher's class-data recording run (src/dist/bin/provision, {@code -XX:ArchiveClassesAtExit}): runs one
 * ordinary command offline, then loads the classes a vSphere plan loads, so that one archive serves both clouds.
 *
 * <p>Why a list and not a vSphere run: the Azure path can be trained against the embedded ARM emulator, but there is
 * no embedded vSphere to plan against, and a run against an unreachable port loads only the connection code, not the
 * ~2,000 yavijava types that parsing an inventory pulls in. The list ({@value #VSPHERE_CLASSES}) was recorded with
 * {@code -XX:DumpLoadedClassList} from {@code provision plan} of 1,000 VMs against vcsim (BENCHMARKS.md says how to
 * record it again). Classes are loaded, not initialized: nothing of the vSphere code runs. A name that no longer
 * exists is skipped, so a stale list only makes the archive smaller, never the run fail.
 */
public final class ClassDataTraining {
    static final String VSPHERE_CLASSES = "/cds/vsphere-plan.classlist";

    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        int exit = ProvisionCommand.commandLine(Context.system()).execute(args);
        loadVsphereClasses();
        System.exit(exit);
    }

    private static void loadVsphereClasses() throws IOException {
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        try (InputStream list = ClassDataTraining.class.getResourceAsStream(VSPHERE_CLASSES)) {
            if (list == null) {
                return;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError gone) {
                    // A stale entry: the archive simply goes without it.
                }
            }
        }
    }
}
