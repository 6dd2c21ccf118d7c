package dev.provision.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a target's connection block — {@code azure:}, {@code vsphere:} or {@code lab:} — and checks its values. */
final class ConnectionReader {
    private ConnectionReader() {
    }

    static AzureSettings azure(YamlMap m, String targetName) {
        return azure(m, targetName, EnvironmentValues.none());
    }

    /** The azure block; subscription defaults to AZURE_SUBSCRIPTION_ID, as the Azure CLI and SDKs read it. */
    static AzureSettings azure(YamlMap m, String targetName, EnvironmentValues env) {
        String subscription = checked(m, "subscription", env.text(m, "subscription", "AZURE_SUBSCRIPTION_ID"),
                SpecKeys.GUID, "must be a subscription ID, a GUID such as 00000000-0000-0000-0000-000000000000");
        String location = checked(m, "location", env.text(m, "location", null), SpecKeys.AZURE_REGION,
                "must be a region name in lower case without spaces, such as eastus2");
        String resourceGroup = checked(m, "resourceGroup", env.text(m, "resourceGroup", null),
                SpecKeys.RESOURCE_GROUP,
                "must be a resource group name: up to 90 letters, digits, '_', '-', '.', '(' or ')', "
                        + "not ending in '.'");
        String cloud = m.word("cloud");
        String endpoint = httpsUrl(m, "endpoint", false,
                " (bearer tokens are only sent over https: serve the endpoint over https and put its CA in caFile)");
        if (endpoint != null && cloud != null && !cloud.equals("custom")) {
            m.src().error(m.value("endpoint"), "'endpoint' is only used with cloud: custom; remove it, or "
                    + "write cloud: custom");
        }
        if (endpoint == null && "custom".equals(cloud) && !m.has("endpoint")) {
            m.src().error(m.value("cloud"), "cloud: custom needs 'endpoint', the Resource Manager URL; add "
                    + "endpoint: https://...");
        }
        if (cloud == null && !m.has("cloud")) {
            cloud = endpoint != null ? "custom" : "AzureCloud";
        }
        if (AzureSettings.EMULATOR_CLOUD.equals(cloud)) {
            for (String key : List.of("caFile", "token")) { // a stray endpoint is reported above
                if (m.has(key)) {
                    m.src().error(m.keyNode(key), "cloud: emulator runs the ARM emulator inside provision, so '"
                            + key + "' does not apply; remove it, or use cloud: custom for an emulator you run");
                }
            }
        } else if (m.has("emulator")) {
            m.src().error(m.keyNode("emulator"), "'emulator' seeds the embedded ARM emulator and needs "
                    + "cloud: emulator; remove it, or write cloud: emulator");
        }
        return new AzureSettings(subscription, location, resourceGroup, cloud, endpoint,
                existingFile(m, "caFile"), SecretRefReader.read(m, "token"), template(m.map("template")),
                AzureSettings.EMULATOR_CLOUD.equals(cloud) ? emulator(m.map("emulator"), m, targetName) : null);
    }

    private static AzureEmulator emulator(YamlMap e, YamlMap azure, String targetName) {
        String written = e == null ? null : e.string("stateFile");
        Path stateFile = azure.src().resolve(written != null ? written
                : ".provision/arm-" + (targetName == null ? "azure" : targetName) + ".json");
        List<AzureEmulator.Vm> vms = new ArrayList<>();
        List<YamlMap> seeds = e == null ? null : e.maps("vms");
        for (YamlMap vm : seeds == null ? List.<YamlMap>of() : seeds) {
            vms.add(new AzureEmulator.Vm(vm.string("name"), vm.string("size"), vm.word("power"),
                    vm.word("securityType")));
        }
        return new AzureEmulator(stateFile, vms, e == null ? List.of() : e.strings("hardwareCluster"));
    }

    private static AzureVmTemplate template(YamlMap m) {
        if (m == null) {
            return null;
        }
        String image = checked(m, "image", m.string("image"), SpecKeys.IMAGE,
                "must be an image URN publisher:offer:sku:version, or an image resource ID");
        String subnet = checked(m, "subnet", m.string("subnet"), SpecKeys.SUBNET_ID,
                "must be a subnet's full resource ID: /subscriptions/.../virtualNetworks/NET/subnets/NAME");
        return new AzureVmTemplate(image, m.string("adminUsername"), SecretRefReader.read(m, "adminPassword"),
                subnet, m.bool("publicIp"), m.strings("zones"), m.word("osDiskType"), m.word("securityType"));
    }

    static VsphereSettings vsphere(YamlMap m) {
        return vsphere(m, EnvironmentValues.none());
    }

    /**
     * The vsphere block; what it leaves out comes from govc's variables (GOVC_URL, GOVC_USERNAME, GOVC_PASSWORD,
     * GOVC_INSECURE, GOVC_DATACENTER), so a shell set up for govc needs no connection settings in the spec.
     */
    static VsphereSettings vsphere(YamlMap m, EnvironmentValues env) {
        Boolean insecure = m.has("insecure") ? m.bool("insecure") : env.flag(m, "insecure", "GOVC_INSECURE");
        boolean off = Boolean.TRUE.equals(insecure);
        String url = httpsUrl(m, "url", govcUrl(m, env.text(m, "url", "GOVC_URL")), off,
                " (http is only accepted together with insecure: true, e.g. for a simulator)");
        String thumbprint = m.string("thumbprint");
        if (thumbprint != null && !thumbprint.matches(SpecKeys.SHA256_THUMBPRINT)) {
            String hex = thumbprint.replace(":", "");
            String why = hex.matches("[0-9A-Fa-f]{40}") ? "is a SHA-1 thumbprint; write the SHA-256 fingerprint"
                    : "must be a SHA-256 fingerprint";
            m.src().error(m.value("thumbprint"), "'thumbprint' " + why + ": 64 hex digits, colons between "
                    + "bytes optional (openssl x509 -noout -fingerprint -sha256)");
            thumbprint = null;
        }
        Path caFile = existingFile(m, "caFile");
        if (off && (m.has("thumbprint") || m.has("caFile"))) {
            m.src().error(m.keyNode("insecure"), "insecure: true turns certificate checks off, so 'thumbprint' "
                    + "and 'caFile' would be ignored; remove insecure, or remove them");
        }
        String username = env.text(m, "username", "GOVC_USERNAME");
        SecretRef password = SecretRefReader.read(m, "password");
        if (!m.has("password")) {
            env.secretDefault("password", "GOVC_PASSWORD");
            password = SecretRef.parse("${env:GOVC_PASSWORD}", m.src().baseDir(), m.location());
        }
        String datacenter = env.optional(m, "datacenter", "GOVC_DATACENTER");
        String folder = m.string("folder");
        String cluster = m.string("cluster");
        String pool = m.string("resourcePool");
        if (cluster != null && pool != null) {
            m.src().error(m.keyNode("resourcePool"), "'cluster' and 'resourcePool' both limit the target; keep "
                    + "one of them");
        }
        return new VsphereSettings(url, username, password, thumbprint, caFile, off, datacenter, folder, cluster,
                pool, vsphereTemplate(m.map("template")), locations(m, List.of("folder", "cluster", "resourcePool")));
    }

    /** Where each of these keys' values was written, for the errors found when they are resolved. */
    private static Map<String, SourceLocation> locations(YamlMap m, List<String> keys) {
        Map<String, SourceLocation> at = new HashMap<>();
        for (String key : keys) {
            if (m.has(key) && m.value(key) != null) {
                at.put(key, m.src().at(m.value(key)));
            }
        }
        return at;
    }

    /** The template block; the names in it are resolved against the inventory when a plan needs a clone. */
    private static VsphereTemplate vsphereTemplate(YamlMap t) {
        if (t == null) {
            return null;
        }
        Map<String, SourceLocation> at = locations(t, List.of("source", "folder", "cluster", "resourcePool",
                "datastore", "network", "customizationSpec", "sysprep"));
        String cluster = t.string("cluster");
        String pool = t.string("resourcePool");
        if (cluster == null && pool == null) {
            t.src().error(t.node(), "the template block needs 'cluster' or 'resourcePool': where the clones run");
        } else if (cluster != null && pool != null) {
            t.src().error(t.keyNode("resourcePool"), "'cluster' and 'resourcePool' both say where the clones run; "
                    + "keep one of them");
        }
        String named = t.string("customizationSpec");
        VsphereSysprep sysprep = sysprep(t.map("sysprep"));
        if (named != null && t.has("sysprep")) {
            t.src().error(t.keyNode("sysprep"), "'customizationSpec' and 'sysprep' both say how clones are "
                    + "customized; keep one of them (a specification stored in vCenter, or the fields here)");
        }
        return new VsphereTemplate(t.string("source"), t.string("folder"), cluster, pool, t.string("datastore"),
                t.string("network"), named, sysprep, t.location(), at);
    }

    /**
     * The sysprep block: a workgroup or a domain join (with its account), the secrets by reference, and a fixed
     * computer name checked against Windows' rules here; a name taken from the VM is checked when planning.
     */
    private static VsphereSysprep sysprep(YamlMap s) {
        if (s == null) {
            return null;
        }
        String computerName = s.string("computerName");
        if (computerName != null && VsphereSysprep.computerNameProblem(computerName) != null) {
            s.src().error(s.value("computerName"), "'computerName' " + YamlMap.clip(computerName) + " "
                    + VsphereSysprep.computerNameProblem(computerName) + "; leave it out to name each clone "
                    + "after its VM");
        }
        String workgroup = s.string("workgroup");
        String domain = s.string("domain");
        String domainUser = s.string("domainUser");
        SecretRef domainPassword = SecretRefReader.read(s, "domainPassword");
        if (workgroup != null && domain != null) {
            s.src().error(s.keyNode("domain"), "'workgroup' and 'domain' both say what the clone joins; keep one "
                    + "of them");
        } else if (domain != null) {
            for (String needed : List.of("domainUser", "domainPassword")) {
                if (!s.has(needed)) {
                    s.src().error(s.keyNode("domain"), "joining domain '" + YamlMap.clip(domain) + "' needs '"
                            + needed + "' too: the account that may add computers to it");
                }
            }
        } else {
            for (String stray : List.of("domainUser", "domainPassword")) {
                if (s.has(stray)) {
                    s.src().error(s.keyNode(stray), "'" + stray + "' is only used with 'domain'; add domain: "
                            + "NAME, or remove it");
                }
            }
        }
        Integer autoLogon = s.integer("autoLogonCount");
        return new VsphereSysprep(computerName, SecretRefReader.read(s, "adminPassword"), s.integer("timeZone"),
                workgroup, domain, domainUser, domainPassword, autoLogon == null ? 0 : autoLogon,
                SecretRefReader.read(s, "productKey"), s.string("fullName"), s.string("organization"),
                s.location(), locations(s, List.of("computerName", "adminPassword", "timeZone", "workgroup",
                "domain", "domainUser", "domainPassword", "autoLogonCount", "productKey")));
    }

    /**
     * GOVC_URL as govc takes it: a bare host means https://host/sdk. Credentials inside the URL are refused: they
     * would be a secret in plain text, and GOVC_USERNAME / GOVC_PASSWORD say the same.
     */
    private static String govcUrl(YamlMap m, String value) {
        if (value == null || m.has("url")) {
            return value;
        }
        String url = value.contains("://") ? value : "https://" + value;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return value; // reported by httpsUrl as written
        }
        if (uri.getRawUserInfo() != null) {
            m.src().error(m.node(), "GOVC_URL holds a user name or password; set GOVC_USERNAME and GOVC_PASSWORD "
                    + "instead, and GOVC_URL to the host alone");
            return null;
        }
        return uri.getPath() == null || uri.getPath().isEmpty() ? url + "/sdk" : url;
    }

    static LabSettings lab(YamlMap m, String targetName) {
        String written = m.string("stateFile");
        Path stateFile = m.src().resolve(written != null ? written
                : ".provision/lab-" + (targetName == null ? "lab" : targetName) + ".json");
        List<LabVmSeed> seed = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        List<YamlMap> vms = m.maps("vms");
        for (YamlMap vm : vms == null ? List.<YamlMap>of() : vms) {
            String name = vm.string("name");
            if (name != null && seen.containsKey(name)) {
                m.src().error(vm.value("name"), "lab VM '" + name + "' is already defined on line "
                        + m.src().at(seen.get(name)).line() + "; VM names are unique");
                continue;
            }
            if (name != null) {
                seen.put(name, vm.value("name"));
            }
            String power = vm.word("power");
            Integer vcpus = vm.integer("vcpus");
            Integer memory = vm.integer("memoryGiB");
            String edition = vm.string("windowsEdition");
            List<String> features = vm.strings("features");
            seed.add(new LabVmSeed(name, !"off".equals(power), Boolean.TRUE.equals(vm.bool("nestedVirtualization")),
                    vcpus == null ? 2 : vcpus, memory == null ? 8 : memory, edition == null ? "Enterprise" : edition,
                    features, Boolean.TRUE.equals(vm.bool("failApply"))));
        }
        return new LabSettings(stateFile, seed, m.duration("stepDelay"), m.strings("newVmFeatures"));
    }

    /** A text value that must match {@code regex}; {@code rule} says what to write instead. */
    private static String checked(YamlMap m, String key, String value, String regex, String rule) {
        if (value != null && !value.matches(regex)) {
            m.src().error(at(m, key), "'" + key + "' " + rule + ", not '" + YamlMap.clip(value) + "'"
                    + origin(m, key));
            return null;
        }
        return value;
    }

    /** An absolute https URL; http only when the user turned certificate checks off for a simulator. */
    private static String httpsUrl(YamlMap m, String key, boolean httpAllowed, String httpHint) {
        return httpsUrl(m, key, m.string(key), httpAllowed, httpHint);
    }

    private static String httpsUrl(YamlMap m, String key, String value, boolean httpAllowed, String httpHint) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            m.src().error(at(m, key), "'" + key + "' must be a URL such as https://host/path, not '"
                    + YamlMap.clip(value) + "'" + origin(m, key));
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && httpAllowed) {
            return value;
        }
        m.src().error(at(m, key), "'" + key + "' must use https://" + (scheme.equals("http") ? httpHint
                : ", not " + YamlMap.clip(scheme) + "://") + origin(m, key));
        return null;
    }

    /** Where a field's problem is shown: at its value, or at the block when the value came from a default variable. */
    private static Node at(YamlMap m, String key) {
        return m.has(key) ? m.value(key) : m.node();
    }

    /** Says where a value not written in the spec came from, so the user fixes the variable, not the spec. */
    private static String origin(YamlMap m, String key) {
        if (!m.has(key)) {
            return " (from the environment)";
        }
        String written = m.string(key);
        return written != null && written.trim().startsWith("${env:") ? " (from " + written.trim() + ")" : "";
    }

    private static Path existingFile(YamlMap m, String key) {
        String written = m.string(key);
        if (written == null) {
            return null;
        }
        Path file = m.src().resolve(written);
        if (!Files.isRegularFile(file)) {
            m.src().error(m.value(key), "'" + key + "' names a file that does not exist (looked for " + file
                    + "); paths are relative to the spec's folder");
            return null;
        }
        return file;
    }
}
