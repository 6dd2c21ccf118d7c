package main

// The simulated Windows inside each VM: what provision's guest probe would find there, and what its guest
// operations may do to it. vcsim has no guests of its own (its guest operations need a Docker-backed VM),
// so the launcher keeps this state and answers the guest-operation calls from it (guestops.go).
//
// A scenario gives it per VM under "guest" (or for all VMs under allVms.guest), e.g.
//   {"username": "builder", "password": "s3cret", "edition": "Enterprise",
//    "features": {"VirtualMachinePlatform": "Disabled"}, "rebootPending": false, "distros": ["Ubuntu"]}
// Everything not given keeps a default: Windows 11 Enterprise 23H2 with every feature enabled, WSL 2.3.26,
// an Ubuntu distro, no Docker Desktop, output files in UTF-8 as [IO.File]::WriteAllLines writes them.

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
)

// The three features the probe reads, in the probe's order.
var featureNames = []string{"Microsoft-Hyper-V-All", "VirtualMachinePlatform", "Microsoft-Windows-Subsystem-Linux"}

type guestProps struct {
	Username       *string           `json:"username,omitempty"` // the one account guest operations accept
	Password       *string           `json:"password,omitempty"`
	Admin          *bool             `json:"admin,omitempty"`    // false: the account is not a local administrator
	Computer       *string           `json:"computer,omitempty"` // the guest's computer name
	Edition        *string           `json:"edition,omitempty"`  // EditionID: Enterprise, Professional, ServerDatacenter, ...
	Build          *int              `json:"build,omitempty"`
	Features       map[string]string `json:"features,omitempty"` // Enabled | Disabled | EnablePending
	RebootPending  *bool             `json:"rebootPending,omitempty"`
	LaunchType     *string           `json:"hypervisorLaunchType,omitempty"` // overrides what the features imply, e.g. Off
	WslVersion     *string           `json:"wslVersion,omitempty"`           // "" : wsl.exe is missing
	Distros        []string          `json:"distros,omitempty"`              // the user's installed distros
	DistroVersion  *int              `json:"distroVersion,omitempty"`        // 1 or 2: how the distros run
	DockerDesktop  *string           `json:"dockerDesktop,omitempty"`        // its version, when installed
	OutputEncoding *string           `json:"outputEncoding,omitempty"`       // utf-8 | utf-16le (with BOM)
	// Knobs for the transport's timing and failure handling.
	ProcessMillis    *int `json:"processMillis,omitempty"`    // how long a started program runs
	RebootMillis     *int `json:"rebootMillis,omitempty"`     // how long VMware Tools is away during a restart
	ShutdownMillis   *int `json:"shutdownMillis,omitempty"`   // how long a clean shutdown takes (0: vcsim's instant power-off)
	UnavailableCalls *int `json:"unavailableCalls,omitempty"` // the first N guest-operation calls fail as if the agent were not ready
}

// guest is one VM's simulated Windows. Its own mutex guards it; it never takes a VM's lock.
type guest struct {
	mu sync.Mutex

	username, password string
	admin              bool
	computer           string
	edition            string
	build              int
	features           map[string]string
	rebootPending      bool
	launchType         string // "" : follows the features
	wslVersion         string
	distros            []string
	distroVersion      int
	dockerDesktop      string
	utf16              bool
	processTime        time.Duration
	rebootTime         time.Duration
	shutdownTime       time.Duration
	unavailableCalls   int

	nextPid   int64
	processes map[int64]*process
	files     map[string][]byte // by lower-cased path: Windows paths are case-insensitive
	tempFiles int
}

type process struct {
	pid      int64
	name     string
	owner    string
	cmdLine  string
	start    time.Time
	end      time.Time
	exitCode int32
	done     bool
	finish   func(g *guest) int32 // runs once when the program ends: writes its output, changes the guest
}

// guests holds every VM's guest, by the VM's managed object id (stable across renames).
var guests = struct {
	sync.Mutex
	byVM map[string]*guest
}{byVM: map[string]*guest{}}

func guestOf(vm *simulator.VirtualMachine) *guest {
	guests.Lock()
	defer guests.Unlock()
	g, ok := guests.byVM[vm.Self.Value]
	if !ok {
		g = newGuest(vm.Name)
		guests.byVM[vm.Self.Value] = g
	}
	return g
}

func newGuest(vmName string) *guest {
	computer := strings.ToUpper(strings.NewReplacer("_", "-", ".", "-").Replace(vmName))
	if len(computer) > 15 { // NetBIOS names are at most 15 characters
		computer = computer[:15]
	}
	return &guest{
		username:      "builder",
		password:      "",
		admin:         true,
		computer:      computer,
		edition:       "Enterprise",
		build:         22631,
		features:      map[string]string{featureNames[0]: "Enabled", featureNames[1]: "Enabled", featureNames[2]: "Enabled"},
		wslVersion:    "2.3.26.0",
		distros:       []string{"Ubuntu"},
		distroVersion: 2,
		processTime:   50 * time.Millisecond,
		rebootTime:    300 * time.Millisecond,
		nextPid:       4100,
		processes:     map[int64]*process{},
		files:         map[string][]byte{},
	}
}

func (g *guest) configure(p *guestProps) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	setString(&g.username, p.Username)
	setString(&g.password, p.Password)
	if p.Admin != nil {
		g.admin = *p.Admin
	}
	setString(&g.computer, p.Computer)
	setString(&g.edition, p.Edition)
	if p.Build != nil {
		g.build = *p.Build
	}
	for name, state := range p.Features {
		if !knownFeature(name) {
			return fmt.Errorf("guest: unknown feature %q (want one of %s)", name, strings.Join(featureNames, ", "))
		}
		switch state {
		case "Enabled", "Disabled", "EnablePending":
		default:
			return fmt.Errorf("guest: feature %s: unknown state %q (want Enabled, Disabled or EnablePending)", name, state)
		}
		g.features[name] = state
		if state == "EnablePending" {
			g.rebootPending = true
		}
	}
	if p.RebootPending != nil {
		g.rebootPending = *p.RebootPending
	}
	setString(&g.launchType, p.LaunchType)
	setString(&g.wslVersion, p.WslVersion)
	if p.Distros != nil {
		g.distros = append([]string(nil), p.Distros...)
	}
	if p.DistroVersion != nil {
		if *p.DistroVersion != 1 && *p.DistroVersion != 2 {
			return fmt.Errorf("guest: distroVersion must be 1 or 2, got %d", *p.DistroVersion)
		}
		g.distroVersion = *p.DistroVersion
	}
	setString(&g.dockerDesktop, p.DockerDesktop)
	if p.OutputEncoding != nil {
		switch *p.OutputEncoding {
		case "utf-8":
			g.utf16 = false
		case "utf-16le":
			g.utf16 = true
		default:
			return fmt.Errorf("guest: outputEncoding must be utf-8 or utf-16le, got %q", *p.OutputEncoding)
		}
	}
	setMillis(&g.processTime, p.ProcessMillis)
	setMillis(&g.rebootTime, p.RebootMillis)
	setMillis(&g.shutdownTime, p.ShutdownMillis)
	if p.UnavailableCalls != nil {
		g.unavailableCalls = *p.UnavailableCalls
	}
	return nil
}

func knownFeature(name string) bool {
	for _, f := range featureNames {
		if f == name {
			return true
		}
	}
	return false
}

func setString(field *string, value *string) {
	if value != nil {
		*field = *value
	}
}

func setMillis(field *time.Duration, millis *int) {
	if millis != nil {
		*field = time.Duration(*millis) * time.Millisecond
	}
}

func (g *guest) server() bool {
	return strings.HasPrefix(g.edition, "Server")
}

func (g *guest) enabled(feature string) bool {
	return g.features[feature] == "Enabled"
}

// hypervisorLaunchType is what bcdedit shows: enabling Hyper-V or the Virtual Machine Platform sets Auto
// (once the restart that finishes enabling them has happened); with neither, the entry has no such element.
func (g *guest) hypervisorLaunchType() string {
	if g.launchType != "" {
		return g.launchType
	}
	if g.enabled(featureNames[0]) || g.enabled(featureNames[1]) {
		return "Auto"
	}
	return "NotSet"
}

// hypervisorRuns says whether Windows' hypervisor is up in this boot: it needs virtualization exposed to
// the VM (nestedHVEnabled, on a host that supports it) and a boot entry that launches it.
func (g *guest) hypervisorRuns(nestingExposed bool) bool {
	return nestingExposed && g.hypervisorLaunchType() == "Auto"
}

// boot is what a restart (RebootGuest, or a power cycle) does to Windows: pending feature changes finish,
// the pending-reboot markers go, and the programs that ran are gone.
func (g *guest) boot() {
	for name, state := range g.features {
		if state == "EnablePending" {
			g.features[name] = "Enabled"
		}
	}
	g.rebootPending = false
	g.processes = map[int64]*process{}
}

// consumeUnavailable reports whether this call must fail as if the guest operations agent were not ready.
func (g *guest) consumeUnavailable() bool {
	if g.unavailableCalls > 0 {
		g.unavailableCalls--
		return true
	}
	return false
}

// settle ends the programs whose run time is over; their effects happen now.
func (g *guest) settle(now time.Time) {
	pids := make([]int64, 0, len(g.processes))
	for pid := range g.processes {
		pids = append(pids, pid)
	}
	sort.Slice(pids, func(i, j int) bool { return pids[i] < pids[j] })
	for _, pid := range pids {
		p := g.processes[pid]
		if !p.done && !now.Before(p.end) {
			p.done = true
			p.exitCode = p.finish(g)
		}
	}
}

// writeOutput stores a program's text output the way the guest would have written it.
func (g *guest) writeOutput(path, text string) {
	g.files[strings.ToLower(path)] = encodeText(text, g.utf16)
}

// tempPath is a fresh file name in the user's temporary folder, as CreateTemporaryFileInGuest gives one.
func (g *guest) tempPath(prefix, suffix string) string {
	g.tempFiles++
	return fmt.Sprintf(`C:\Users\%s\AppData\Local\Temp\%s%d%s`, g.username, prefix, 1000+g.tempFiles, suffix)
}
