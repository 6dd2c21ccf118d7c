package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;

/** One advanced setting (extraConfig, the .vmx keys) as a reconfigure or clone spec carries it; "" removes the key. */
final class ExtraConfig {
    private ExtraConfig() {}

    static OptionValue entry(String key, String value) {
        OptionValue option = new OptionValue();
        option.setKey(key);
        option.setValue(value);
        return option;
    }
}
