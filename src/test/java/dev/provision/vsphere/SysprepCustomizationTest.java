package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.vim25.CustomizationDhcpIpGenerator;
import com.vmware.vim25.CustomizationFixedName;
import com.vmware.vim25.CustomizationSpec;
import com.vmware.vim25.CustomizationSysprep;
import com.vmware.vim25.CustomizationWinOptions;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.VsphereSysprep;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the spec's sysprep fields become when only the required one is written: the documented defaults. */
class SysprepCustomizationTest {
    private static final VsphereSysprep MINIMAL = new VsphereSysprep(null,
            SecretRef.parse("${env:ADMIN_PASSWORD}", Path.of(".")), null, null, null, null, null, 0, null, null,
            null, SourceLocation.UNKNOWN, Map.of());

    @Test
    void defaultsNameTheComputerAfterTheVmJoinWorkgroupAndMapEveryAdapterToDhcp() throws Exception {
        CustomizationSpec spec = SysprepCustomization.build(MINIMAL, "vdi-07", Map.of("ADMIN_PASSWORD", "pw-1"), 2);
        CustomizationSysprep sysprep = (CustomizationSysprep) spec.getIdentity();
        assertEquals("vdi-07", ((CustomizationFixedName) sysprep.getUserData().getComputerName()).getName());
        assertEquals("WORKGROUP", sysprep.getIdentification().getJoinWorkgroup());
        assertNull(sysprep.getIdentification().getJoinDomain());
        assertEquals(85, sysprep.getGuiUnattended().getTimeZone(), "GMT");
        assertFalse(sysprep.getGuiUnattended().isAutoLogon());
        assertEquals("pw-1", sysprep.getGuiUnattended().getPassword().getValue());
        assertTrue(sysprep.getGuiUnattended().getPassword().isPlainText());
        assertEquals("", sysprep.getUserData().getProductId(), "no key: volume licensing");
        assertEquals("Administrator", sysprep.getUserData().getFullName());
        assertTrue(((CustomizationWinOptions) spec.getOptions()).isChangeSID(), "clones must not share a SID");
        assertEquals(2, spec.getNicSettingMap().length, "one mapping per adapter");
        assertTrue(spec.getNicSettingMap()[1].getAdapter().getIp() instanceof CustomizationDhcpIpGenerator);
    }

    @Test
    void anUnsetPasswordIsReportedAtItsReference() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SysprepCustomization.build(MINIMAL, "vdi-07", Map.of(), 1));
        assertTrue(e.getMessage().contains("environment variable ADMIN_PASSWORD is not set"), e.getMessage());
    }
}
