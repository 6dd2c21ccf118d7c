package main

// What provision's probe scripts (src/main/resources/guest/probe-*.ps1) print in the simulated guest, in
// exactly their shape: one line of compact JSON with the keys in the scripts' order, texts in pure ASCII.
// The texts are those of real Windows 11 / WSL 2.3 (see src/test/resources/guest/probe/); which ones appear
// follows from the VM's state the way it does on Windows: WSL 2 boots only when the hypervisor exposes
// virtualization, Virtual Machine Platform is enabled (and below Windows 11 the WSL component) and no restart
// is pending.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf16"
)

const (
	wsl2Kernel = "5.15.167.4-microsoft-standard-WSL2"
	// Store WSL's wsl.exe, which the probe prefers: System32's cannot run in session 0 (microsoft/WSL#9231).
	wslExe               = `C:\Program Files\WSL\wsl.exe`
	bootNoVirtualization = "Please enable the Virtual Machine Platform Windows feature and ensure virtualization is enabled in the BIOS. For information please visit https://aka.ms/enablevirtualization Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102"
	bootNoWslComponent   = "The Windows Subsystem for Linux optional component is not enabled. Please enable it and try again. See https://aka.ms/wslinstall for details. Error code: Wsl/Service/CreateInstance/0x8007019e"
	bootNoDistro         = "There is no distribution with the supplied name. Error code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND"
	elevationRequired    = "The requested operation requires elevation."
)

// orderedMap marshals its keys in insertion order, as PowerShell's [ordered] dictionaries do.
type orderedMap struct {
	keys   []string
	values map[string]interface{}
}

func ordered() *orderedMap {
	return &orderedMap{values: map[string]interface{}{}}
}

func (m *orderedMap) set(key string, value interface{}) *orderedMap {
	if _, ok := m.values[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.values[key] = value
	return m
}

func (m *orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteByte(':')
		value, err := json.Marshal(m.values[k])
		if err != nil {
			return nil, err
		}
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// probeJSON writes the document as the scripts' ConvertTo-ProbeJson does: compact, every character beyond
// ASCII as \uXXXX, no HTML escaping.
func probeJSON(doc *orderedMap) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		panic(err) // only strings, numbers, booleans and nested maps: cannot fail
	}
	var out bytes.Buffer
	for _, r := range string(bytes.TrimRight(b.Bytes(), "\n")) {
		if r < 0x80 {
			out.WriteRune(r)
			continue
		}
		for _, unit := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&out, `\u%04x`, unit)
		}
	}
	return out.String()
}

// systemPart is probe-system.ps1's document for this guest.
func (g *guest) systemPart(nestingExposed bool) string {
	doc := ordered().set("probe", "provision").set("probeVersion", 1).set("part", "system")
	errors := []string{}
	doc.set("caption", g.caption()).set("edition", g.edition).set("build", g.build).set("productType", g.productType())

	features := ordered()
	if g.admin {
		for _, name := range featureNames {
			features.set(name, g.features[name])
		}
	} else {
		// DISM needs elevation; the script's section fails and leaves the features empty.
		errors = append(errors, "features: "+elevationRequired)
	}
	doc.set("features", features)

	if g.admin {
		doc.set("hypervisorLaunchType", g.hypervisorLaunchType())
	} else {
		doc.set("hypervisorLaunchType", nil)
		errors = append(errors, "hypervisor: bcdedit exited with 1: The boot configuration data store could not be opened. Access is denied.")
	}
	doc.set("vmcompute", g.vmcompute(nestingExposed))
	// HNS comes with vmcompute (and vfpext from build 22621): the probe lists those that are absent or disabled.
	hostServices := []string{}
	if g.vmcompute(nestingExposed) == "Absent" {
		hostServices = append(hostServices, "HNS Absent")
	}
	doc.set("hostServices", hostServices)
	reasons := []string{}
	if g.rebootPending {
		reasons = append(reasons, "ComponentBasedServicing")
	}
	doc.set("rebootReasons", reasons)

	// Only 'wsl --version', the one wsl.exe command that works as SYSTEM (the WSL service refuses LocalSystem).
	if g.wslVersion == "" {
		doc.set("wsl", ordered().set("present", false))
	} else {
		doc.set("wsl", ordered().set("present", true).set("exe", wslExe).set("versionExit", 0).
			set("versionText", g.wslVersionText()))
	}
	docker := ordered().set("installed", g.dockerDesktop != "")
	if g.dockerDesktop != "" {
		docker.set("version", g.dockerDesktop)
	} else {
		docker.set("version", nil)
	}
	doc.set("dockerDesktop", docker)
	doc.set("computer", g.computer)
	// What a Windows guest on ESXi reports about its platform: VMware's firmware strings and Tools running.
	doc.set("platform", ordered().set("manufacturer", "VMware, Inc.").set("model", "VMware20,1").
		set("biosVendor", "VMware, Inc.").set("biosVersion", "VMW201.00V.21805430.B64.2305221826").
		set("hypervisorPresent", true).set("markers", []string{"vmtools"}))
	dockerUsers := 0
	if g.dockerDesktop != "" {
		dockerUsers = 1
	}
	doc.set("vdi", ordered().set("markers", []string{}).set("pvsWriteCacheType", nil).set("dockerUsers", dockerUsers))
	doc.set("errors", errors)
	return probeJSON(doc)
}

// userPart is probe-user.ps1's document: the boot of one distro, as the user of the guest-operations login.
func (g *guest) userPart(distro string, nestingExposed bool) string {
	doc := ordered().set("probe", "provision").set("probeVersion", 1).set("part", "user").
		set("user", g.computer+`\`+g.username).set("localSystem", false).set("distro", distro).set("wslExe", wslExe)
	exit, output := g.bootDistro(distro, nestingExposed)
	// stdout and stderr apart; with WSL_DISABLE_WARNINGS=1 stderr is empty.
	doc.set("exitCode", exit).set("output", output).set("stderr", "").set("errors", []string{})
	return probeJSON(doc)
}

// bootDistro is what 'wsl -d <distro> -e uname -r' answers, and its exit code.
func (g *guest) bootDistro(distro string, nestingExposed bool) (int, string) {
	switch {
	// WSL's service asks for its optional component only below Windows 11 (build 22000): Store WSL on
	// Windows 11 boots WSL 2 without it (microsoft/WSL src/windows/service/exe/LxssUserSessionFactory.cpp).
	case !g.enabled(featureNames[2]) && g.build < 22000:
		return -1, bootNoWslComponent
	case !g.hasDistro(distro):
		return -1, bootNoDistro
	case g.distroVersion == 1:
		return 0, fmt.Sprintf("4.4.0-%d-Microsoft", g.build)
	case !g.enabled(featureNames[1]) || g.rebootPending || !g.hypervisorRuns(nestingExposed):
		return -1, bootNoVirtualization
	default:
		return 0, wsl2Kernel
	}
}

func (g *guest) hasDistro(name string) bool {
	for _, d := range g.distros {
		if d == name { // wsl.exe compares distro names without regard to case, but tests name them exactly
			return true
		}
	}
	return false
}

// vmcompute is the Hyper-V Host Compute Service: installed with Hyper-V or the Virtual Machine Platform,
// running only when the hypervisor is.
func (g *guest) vmcompute(nestingExposed bool) string {
	switch {
	case !g.enabled(featureNames[0]) && !g.enabled(featureNames[1]):
		return "Absent"
	case g.hypervisorRuns(nestingExposed):
		return "Running"
	default:
		return "Stopped"
	}
}

func (g *guest) caption() string {
	names := map[string]string{
		"Enterprise": "Enterprise", "Professional": "Pro", "Education": "Education", "Core": "Home",
		"ServerDatacenter": "Datacenter", "ServerStandard": "Standard",
	}
	name, ok := names[g.edition]
	if !ok {
		name = g.edition
	}
	if g.server() {
		return "Microsoft Windows Server 2022 " + name
	}
	if g.build >= 22000 {
		return "Microsoft Windows 11 " + name
	}
	return "Microsoft Windows 10 " + name
}

func (g *guest) productType() int {
	if g.server() {
		return 3
	}
	return 1
}

func (g *guest) wslVersionText() string {
	return "WSL version: " + g.wslVersion + " Kernel version: 5.15.167.4-1 WSLg version: 1.0.65 MSRDC version: 1.2.5620 " +
		"Direct3D version: 1.611.1-81528511 DXCore version: 10.0.26100.1-240331-1435.ge-release Windows version: " +
		fmt.Sprintf("10.0.%d.4460", g.build)
}

// encodeText is a file as [IO.File]::WriteAllLines writes one line (UTF-8, no BOM), or as Windows
// PowerShell 5.1's Out-File does (UTF-16LE with a BOM).
func encodeText(text string, utf16le bool) []byte {
	line := text + "\r\n"
	if !utf16le {
		return []byte(line)
	}
	out := []byte{0xFF, 0xFE}
	for _, unit := range utf16.Encode([]rune(line)) {
		out = append(out, byte(unit), byte(unit>>8))
	}
	return out
}
