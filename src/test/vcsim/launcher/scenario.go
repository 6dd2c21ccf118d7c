package main

// A scenario sets the properties a test needs on the simulated inventory before it is served:
// the VM states that decide whether nested virtualization can be enabled (hardware version, power
// state, Fault Tolerance, passthrough devices, guest OS, ...) and the host facts it depends on.
// vcsim leaves host.capability nil; every host gets nestedHVSupported=true unless the scenario
// says otherwise, as on any VT-x/EPT or AMD-V/RVI host. Every host reports the certificate of the
// launcher's guest file server (esxhost.go) as its summary.config.sslThumbprint, unless the scenario
// gives another (a test of the pinning). A VM's "guest" is its simulated Windows (guest.go).
//
// Example:
//   {"allVms": {"guestId": "windows9Server64Guest"},
//    "vms":   [{"match": "DC0_C0_RP0_VM0", "name": "win-old", "hardwareVersion": "vmx-08",
//              "powerState": "poweredOff", "host": "DC0_C0_H1"}],
//              "guest": {"username": "builder", "password": "s3cret", "features": {"VirtualMachinePlatform": "Disabled"}}}],
//    "hosts": [{"match": "DC0_C0_H1", "nestedHVSupported": false, "productVersion": "6.0.0"}]}

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

type vmProps struct {
	Match           string      `json:"match,omitempty"` // current vcsim name, e.g. DC0_C0_RP0_VM3
	Name            *string     `json:"name,omitempty"`
	PowerState      *string     `json:"powerState,omitempty"` // poweredOn | poweredOff | suspended
	HardwareVersion *string     `json:"hardwareVersion,omitempty"`
	NestedHVEnabled *bool       `json:"nestedHVEnabled,omitempty"`
	VhvEnable       *string     `json:"vhvEnable,omitempty"` // extraConfig vhv.enable
	GuestID         *string     `json:"guestId,omitempty"`
	Firmware        *string     `json:"firmware,omitempty"`            // bios | efi
	FaultTolerance  *string     `json:"faultToleranceState,omitempty"` // notConfigured | running | ...
	Passthrough     *string     `json:"passthrough,omitempty"`         // pci | vgpu
	Host            *string     `json:"host,omitempty"`                // move the VM onto this host
	ToolsRunning    *bool       `json:"toolsRunning,omitempty"`
	Guest           *guestProps `json:"guest,omitempty"`
	// true: the VM becomes a template (MarkAsTemplate: powered off, no resource pool), a clone source
	Template *bool `json:"template,omitempty"`
	// extra advanced settings, e.g. the marker an interrupted clone of provision carries
	ExtraConfig map[string]string `json:"extraConfig,omitempty"`

	// Sizes (config.hardware) and hot-add settings; config.hotPlugMemoryLimit and hotPlugMemoryIncrementSize are what
	// ESXi reports for a running VM with memory hot-add.
	NumCPU                   *int32 `json:"numCPU,omitempty"`
	CoresPerSocket           *int32 `json:"coresPerSocket,omitempty"`
	MemoryMB                 *int32 `json:"memoryMB,omitempty"`
	CPUHotAdd                *bool  `json:"cpuHotAddEnabled,omitempty"`
	MemoryHotAdd             *bool  `json:"memoryHotAddEnabled,omitempty"`
	HotPlugMemoryLimitMB     *int64 `json:"hotPlugMemoryLimitMB,omitempty"`
	HotPlugMemoryIncrementMB *int64 `json:"hotPlugMemoryIncrementMB,omitempty"`
}

type hostProps struct {
	Match             string `json:"match,omitempty"` // e.g. DC0_C0_H1
	NestedHVSupported *bool  `json:"nestedHVSupported,omitempty"`
	// true: the host leaves capability.nestedHVSupported unset, as vcsim itself and some older hosts do
	NestedHVUnreported *bool   `json:"nestedHVUnreported,omitempty"`
	ProductVersion     *string `json:"productVersion,omitempty"`
	SslThumbprint      *string `json:"sslThumbprint,omitempty"`
	// summary.hardware: vcsim's hosts have 2 cores, 2 threads and 4 GiB, too small for a desktop VM
	NumCpuCores   *int16 `json:"numCpuCores,omitempty"`
	NumCpuThreads *int16 `json:"numCpuThreads,omitempty"`
	MemoryMiB     *int64 `json:"memoryMiB,omitempty"`
}

type scenario struct {
	// Milliseconds vcsim waits before handling a call of the named method, e.g. {"PowerOffVM_Task": 1500}
	// (vcsim's own DelayConfig.MethodDelay): a slow host, to open the race a test is about.
	MethodDelayMillis map[string]int `json:"methodDelayMillis,omitempty"`
	AllVMs            *vmProps       `json:"allVms,omitempty"`
	VMs               []vmProps      `json:"vms,omitempty"`
	AllHosts          *hostProps     `json:"allHosts,omitempty"`
	Hosts             []hostProps    `json:"hosts,omitempty"`
}

func loadScenario(file string) (*scenario, error) {
	sc := new(scenario)
	if file == "" {
		return sc, nil
	}
	data, err := ioutil.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading -scenario: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt key must fail the test run, not be ignored
	if err := dec.Decode(sc); err != nil {
		return nil, fmt.Errorf("parsing -scenario %s: %w", file, err)
	}
	return sc, nil
}

// apply sets the scenario's properties; hostThumbprint is what every host reports unless told otherwise.
func (sc *scenario) apply(hostThumbprint string) error {
	hosts := map[string]*simulator.HostSystem{}
	for _, e := range simulator.Map.All("HostSystem") {
		h := e.(*simulator.HostSystem)
		hosts[h.Name] = h
		setNestedHVSupported(h, true)
		setSslThumbprint(h, hostThumbprint)
	}
	if sc.AllHosts != nil {
		for _, h := range hosts {
			sc.AllHosts.applyTo(h)
		}
	}
	for _, p := range sc.Hosts {
		h, ok := hosts[p.Match]
		if !ok {
			return fmt.Errorf("scenario: no host named %q", p.Match)
		}
		p.applyTo(h)
	}

	vms := map[string]*simulator.VirtualMachine{}
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		vms[vm.Name] = vm
	}
	if sc.AllVMs != nil {
		for _, vm := range vms {
			if err := sc.AllVMs.applyTo(vm, hosts); err != nil {
				return err
			}
		}
	}
	for _, p := range sc.VMs {
		vm, ok := vms[p.Match]
		if !ok {
			return fmt.Errorf("scenario: no VM named %q", p.Match)
		}
		if err := p.applyTo(vm, hosts); err != nil {
			return fmt.Errorf("scenario: VM %q: %w", p.Match, err)
		}
	}
	return nil
}

func (p hostProps) applyTo(h *simulator.HostSystem) {
	if p.NestedHVSupported != nil {
		setNestedHVSupported(h, *p.NestedHVSupported)
	}
	if p.NestedHVUnreported != nil && *p.NestedHVUnreported {
		h.Capability.NestedHVSupported = nil
	}
	if p.SslThumbprint != nil {
		setSslThumbprint(h, *p.SslThumbprint)
	}
	if p.NumCpuCores != nil || p.NumCpuThreads != nil || p.MemoryMiB != nil {
		// The summary's hardware may be shared between hosts built from the same template: copy before writing.
		hardware := types.HostHardwareSummary{}
		if h.Summary.Hardware != nil {
			hardware = *h.Summary.Hardware
		}
		if p.NumCpuCores != nil {
			hardware.NumCpuCores = *p.NumCpuCores
		}
		if p.NumCpuThreads != nil {
			hardware.NumCpuThreads = *p.NumCpuThreads
		}
		if p.MemoryMiB != nil {
			hardware.MemorySize = *p.MemoryMiB * 1024 * 1024
		}
		h.Summary.Hardware = &hardware
	}
	if p.ProductVersion != nil {
		// The AboutInfo may be shared between hosts built from the same template: copy before writing.
		if h.Summary.Config.Product != nil {
			product := *h.Summary.Config.Product
			product.Version = *p.ProductVersion
			h.Summary.Config.Product = &product
		}
		if h.Config != nil {
			h.Config.Product.Version = *p.ProductVersion
		}
	}
}

func setSslThumbprint(h *simulator.HostSystem, thumbprint string) {
	h.Summary.Config.SslThumbprint = thumbprint
}

func setNestedHVSupported(h *simulator.HostSystem, supported bool) {
	if h.Capability == nil {
		h.Capability = new(types.HostCapability)
	}
	h.Capability.NestedHVSupported = types.NewBool(supported)
}

func (p vmProps) applyTo(vm *simulator.VirtualMachine, hosts map[string]*simulator.HostSystem) error {
	if p.Name != nil {
		vm.Name = *p.Name
		vm.Config.Name = *p.Name
		vm.Summary.Config.Name = *p.Name
	}
	if p.PowerState != nil {
		state := types.VirtualMachinePowerState(*p.PowerState)
		switch state {
		case types.VirtualMachinePowerStatePoweredOn, types.VirtualMachinePowerStatePoweredOff, types.VirtualMachinePowerStateSuspended:
		default:
			return fmt.Errorf("unknown powerState %q", *p.PowerState)
		}
		vm.Runtime.PowerState = state
		vm.Summary.Runtime.PowerState = state
		setToolsRunning(vm, state == types.VirtualMachinePowerStatePoweredOn)
	}
	if p.ToolsRunning != nil {
		setToolsRunning(vm, *p.ToolsRunning)
	}
	if p.HardwareVersion != nil {
		vm.Config.Version = *p.HardwareVersion
	}
	if p.NumCPU != nil {
		vm.Config.Hardware.NumCPU = *p.NumCPU
		vm.Summary.Config.NumCpu = *p.NumCPU
	}
	if p.CoresPerSocket != nil {
		vm.Config.Hardware.NumCoresPerSocket = *p.CoresPerSocket
	}
	if p.MemoryMB != nil {
		vm.Config.Hardware.MemoryMB = *p.MemoryMB
		vm.Summary.Config.MemorySizeMB = *p.MemoryMB
	}
	if p.CPUHotAdd != nil {
		vm.Config.CpuHotAddEnabled = types.NewBool(*p.CPUHotAdd)
	}
	if p.MemoryHotAdd != nil {
		vm.Config.MemoryHotAddEnabled = types.NewBool(*p.MemoryHotAdd)
	}
	if p.HotPlugMemoryLimitMB != nil {
		vm.Config.HotPlugMemoryLimit = *p.HotPlugMemoryLimitMB
	}
	if p.HotPlugMemoryIncrementMB != nil {
		vm.Config.HotPlugMemoryIncrementSize = *p.HotPlugMemoryIncrementMB
	}
	if p.NestedHVEnabled != nil {
		vm.Config.NestedHVEnabled = types.NewBool(*p.NestedHVEnabled)
	}
	if p.VhvEnable != nil {
		setExtraConfig(vm, "vhv.enable", *p.VhvEnable)
	}
	if p.GuestID != nil {
		setGuestID(vm, *p.GuestID)
	}
	if p.Firmware != nil {
		vm.Config.Firmware = *p.Firmware
	}
	if p.FaultTolerance != nil {
		state := types.VirtualMachineFaultToleranceState(*p.FaultTolerance)
		vm.Runtime.FaultToleranceState = state
		vm.Summary.Runtime.FaultToleranceState = state
	}
	if p.Passthrough != nil {
		if err := addPassthroughDevice(vm, *p.Passthrough); err != nil {
			return err
		}
	}
	if p.Guest != nil {
		if err := guestOf(vm).configure(p.Guest); err != nil {
			return err
		}
	}
	for key, value := range p.ExtraConfig {
		setExtraConfig(vm, key, value)
	}
	if p.Template != nil && *p.Template {
		markAsTemplate(vm)
	}
	if p.Host != nil {
		h, ok := hosts[*p.Host]
		if !ok {
			return fmt.Errorf("no host named %q", *p.Host)
		}
		moveToHost(vm, h)
	}
	return nil
}

func setToolsRunning(vm *simulator.VirtualMachine, running bool) {
	setToolsStatus(&vm.VirtualMachine, running)
}

// setExtraConfig replaces the key if present; a fresh slice so no template array is shared.
func setExtraConfig(vm *simulator.VirtualMachine, key, value string) {
	options := make([]types.BaseOptionValue, 0, len(vm.Config.ExtraConfig)+1)
	for _, o := range vm.Config.ExtraConfig {
		if o.GetOptionValue().Key != key {
			options = append(options, o)
		}
	}
	vm.Config.ExtraConfig = append(options, &types.OptionValue{Key: key, Value: value})
}

func setGuestID(vm *simulator.VirtualMachine, id string) {
	vm.Config.GuestId = id
	vm.Config.GuestFullName = id
	vm.Summary.Config.GuestId = id
	vm.Summary.Config.GuestFullName = id
	vm.Guest.GuestId = id
	family := string(types.VirtualMachineGuestOsFamilyOtherGuestFamily)
	switch {
	case strings.HasPrefix(id, "win"):
		family = string(types.VirtualMachineGuestOsFamilyWindowsGuest)
	case strings.Contains(strings.ToLower(id), "linux"), strings.HasPrefix(id, "ubuntu"), strings.HasPrefix(id, "rhel"),
		strings.HasPrefix(id, "debian"), strings.HasPrefix(id, "centos"), strings.HasPrefix(id, "sles"):
		family = string(types.VirtualMachineGuestOsFamilyLinuxGuest)
	}
	vm.Guest.GuestFamily = family
	if vm.Summary.Guest != nil {
		vm.Summary.Guest.GuestId = id
		vm.Summary.Guest.GuestFullName = id
	}
}

// addPassthroughDevice adds a DirectPath I/O device ("pci") or an NVIDIA GRID vGPU ("vgpu"): both are
// VirtualPCIPassthrough devices, and either one rules out nested virtualization.
func addPassthroughDevice(vm *simulator.VirtualMachine, kind string) error {
	var backing types.BaseVirtualDeviceBackingInfo
	label := ""
	switch kind {
	case "pci":
		label = "PCI device 0"
		backing = &types.VirtualPCIPassthroughDeviceBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: "Simulated DirectPath device"},
			Id:                             "0000:3b:00.0",
			DeviceId:                       "1eb8",
			SystemId:                       "5f1a2b3c-0000-0000-0000-000000000000",
			VendorId:                       0x10de,
		}
	case "vgpu":
		label = "Shared PCI device 0"
		backing = &types.VirtualPCIPassthroughVmiopBackingInfo{Vgpu: "grid_t4-4q"}
	default:
		return fmt.Errorf("unknown passthrough kind %q (want pci or vgpu)", kind)
	}
	device := &types.VirtualPCIPassthrough{VirtualDevice: types.VirtualDevice{
		Key:        13000 + int32(len(vm.Config.Hardware.Device)),
		DeviceInfo: &types.Description{Label: label, Summary: kind + " passthrough"},
		Backing:    backing,
	}}
	devices := make([]types.BaseVirtualDevice, 0, len(vm.Config.Hardware.Device)+1)
	devices = append(devices, vm.Config.Hardware.Device...)
	vm.Config.Hardware.Device = append(devices, device)
	return nil
}

// moveToHost places the VM on another host of the cluster, keeping both sides of the link in step.
func moveToHost(vm *simulator.VirtualMachine, target *simulator.HostSystem) {
	if vm.Runtime.Host != nil {
		if old, ok := simulator.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem); ok {
			kept := old.Vm[:0:0]
			for _, ref := range old.Vm {
				if ref != vm.Self {
					kept = append(kept, ref)
				}
			}
			old.Vm = kept
		}
	}
	ref := target.Self
	vm.Runtime.Host = &ref
	vm.Summary.Runtime.Host = &ref
	target.Vm = append(target.Vm, vm.Self)
}

// markAsTemplate does what vCenter's MarkAsTemplate does to the VM's properties: a template is off, has no
// resource pool, and says so in config.template (vcsim's own MarkAsTemplate, called here before serving).
func markAsTemplate(vm *simulator.VirtualMachine) {
	vm.Runtime.PowerState = types.VirtualMachinePowerStatePoweredOff
	vm.Summary.Runtime.PowerState = types.VirtualMachinePowerStatePoweredOff
	setToolsRunning(vm, false)
	if pool, ok := simulator.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool); ok {
		kept := pool.Vm[:0:0]
		for _, ref := range pool.Vm {
			if ref != vm.Self {
				kept = append(kept, ref)
			}
		}
		pool.Vm = kept
	}
	vm.MarkAsTemplate(&types.MarkAsTemplate{This: vm.Self})
}
