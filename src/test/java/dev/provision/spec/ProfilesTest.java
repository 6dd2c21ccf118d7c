package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The bundled profiles: the top-level profiles/ folder, which the build also puts in the jar. */
class ProfilesTest {

    static List<String> bundled() {
        return ProfileResolver.BUNDLED;
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void theJarBundlesTheTopLevelProfile(String name) throws Exception {
        byte[] topLevel = Files.readAllBytes(Path.of("profiles", name + ".yaml"));
        assertArrayEquals(topLevel, resource(name), "the build maps profiles/ into the jar");
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void everyBundledProfileLoadsCleanly(String name) throws Exception {
        Spec spec = new SpecLoader().load("extends: " + name + "\n"
                + "targets: [{name: lab, kind: lab, lab: {}, vms: [{name: a}]}]\n", Path.of("spec.yaml"));
        assertEquals(List.of(name), spec.extended());
    }

    @Test
    void dockerDesktopMeansWhatDockersDocumentationAsks() throws Exception {
        Spec spec = new SpecLoader().load("extends: docker-desktop\n"
                + "targets: [{name: lab, kind: lab, lab: {}, vms: [{name: a}]}]\n", Path.of("spec.yaml"));
        DesiredState d = spec.targets().get(0).desired();
        assertEquals(Boolean.TRUE, d.nestedVirtualization());
        assertEquals(4, d.size().minVcpus());
        assertEquals(16, d.size().minMemoryGiB());
        assertEquals(List.of("Standard_D4s_v5"), d.size().preferred());
        assertEquals(List.of(GuestCheck.WINDOWS_EDITION, GuestCheck.HYPERV, GuestCheck.VIRTUAL_MACHINE_PLATFORM,
                GuestCheck.WSL, GuestCheck.WSL2_BOOT, GuestCheck.PLATFORM, GuestCheck.VDI), d.guest().checks());
        assertEquals("Ubuntu", d.guest().distro());
    }

    @Test
    void wsl2AsksForLess() throws Exception {
        Spec spec = new SpecLoader().load("extends: wsl2\n"
                + "targets: [{name: lab, kind: lab, lab: {}, vms: [{name: a}]}]\n", Path.of("spec.yaml"));
        DesiredState d = spec.targets().get(0).desired();
        assertEquals(Boolean.TRUE, d.nestedVirtualization());
        assertEquals(2, d.size().minVcpus());
        assertEquals(8, d.size().minMemoryGiB());
        assertEquals(List.of(GuestCheck.VIRTUAL_MACHINE_PLATFORM, GuestCheck.WSL, GuestCheck.WSL2_BOOT),
                d.guest().checks());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ProfilesTest.class.getClassLoader().getResourceAsStream("profiles/" + name + ".yaml")) {
            assertNotNull(in, "profiles/" + name + ".yaml is not on the classpath");
            return in.readAllBytes();
        }
    }
}
