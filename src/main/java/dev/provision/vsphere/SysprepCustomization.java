package dev.provision.vsphere;

import com.vmware.vim25.CustomizationAdapterMapping;
import com.vmware.vim25.CustomizationDhcpIpGenerator;
import com.vmware.vim25.CustomizationFixedName;
import com.vmware.vim25.CustomizationGlobalIPSettings;
import com.vmware.vim25.CustomizationGuiUnattended;
import com.vmware.vim25.CustomizationIPSettings;
import com.vmware.vim25.CustomizationIdentification;
import com.vmware.vim25.CustomizationPassword;
import com.vmware.vim25.CustomizationSpec;
import com.vmware.vim25.CustomizationSysprep;
import com.vmware.vim25.CustomizationUserData;
import com.vmware.vim25.CustomizationWinOptions;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.VsphereSysprep;
import java.util.Map;

/**
 * A Windows customization built from the spec's sysprep fields, the same shape vCenter stores for a sysprep
 * specification (vim.vm.customization.Sysprep: GuiUnattended, UserData, Identification). Its secrets are read
 * from their references here, at the moment a clone is made, and live only in the spec sent to vCenter: passwords
 * go as plain text inside the TLS session (plainText = true), since vCenter encrypts only with its own key.
 */
final class SysprepCustomization {
    private static final String DEFAULT_FULL_NAME = "Administrator";
    private static final String DEFAULT_ORGANIZATION = "provision";

    private SysprepCustomization() {
    }

    /**
     * @param vmName   the clone's name, its computer name unless the spec gives one (checked when planning)
     * @param adapters how many network adapters the clone has: one DHCP mapping each, as vCenter requires one
     *                 mapping per adapter
     * @throws InvalidInputException at a secret's reference in the spec, when it cannot be read
     */
    static CustomizationSpec build(VsphereSysprep fields, String vmName, Map<String, String> environment,
                                   int adapters) throws InvalidInputException {
        CustomizationGuiUnattended gui = new CustomizationGuiUnattended();
        gui.setPassword(password(fields.adminPassword().resolve(environment)));
        gui.setTimeZone(fields.timeZoneOrDefault());
        gui.setAutoLogon(fields.autoLogonCount() > 0);
        gui.setAutoLogonCount(fields.autoLogonCount());

        CustomizationUserData user = new CustomizationUserData();
        user.setFullName(fields.fullName() == null ? DEFAULT_FULL_NAME : fields.fullName());
        user.setOrgName(fields.organization() == null ? DEFAULT_ORGANIZATION : fields.organization());
        CustomizationFixedName name = new CustomizationFixedName();
        name.setName(fields.computerName() == null ? vmName : fields.computerName());
        user.setComputerName(name);
        user.setProductId(fields.productKey() == null ? "" : fields.productKey().resolve(environment));

        CustomizationIdentification join = new CustomizationIdentification();
        if (fields.domain() != null) {
            join.setJoinDomain(fields.domain());
            join.setDomainAdmin(fields.domainUser());
            join.setDomainAdminPassword(password(fields.domainPassword().resolve(environment)));
        } else {
            join.setJoinWorkgroup(fields.workgroup() == null ? VsphereSysprep.DEFAULT_WORKGROUP : fields.workgroup());
        }

        CustomizationSysprep sysprep = new CustomizationSysprep();
        sysprep.setGuiUnattended(gui);
        sysprep.setUserData(user);
        sysprep.setIdentification(join);

        CustomizationWinOptions options = new CustomizationWinOptions();
        options.setChangeSID(true); // clones of one template must not share a machine SID
        options.setDeleteAccounts(false);

        CustomizationSpec spec = new CustomizationSpec();
        spec.setOptions(options);
        spec.setIdentity(sysprep);
        spec.setGlobalIPSettings(new CustomizationGlobalIPSettings());
        CustomizationAdapterMapping[] mappings = new CustomizationAdapterMapping[adapters];
        for (int i = 0; i < adapters; i++) {
            CustomizationIPSettings ip = new CustomizationIPSettings();
            ip.setIp(new CustomizationDhcpIpGenerator());
            mappings[i] = new CustomizationAdapterMapping();
            mappings[i].setAdapter(ip);
        }
        spec.setNicSettingMap(mappings);
        return spec;
    }

    private static CustomizationPassword password(String value) {
        CustomizationPassword password = new CustomizationPassword();
        password.setValue(value);
        password.setPlainText(true);
        return password;
    }
}
