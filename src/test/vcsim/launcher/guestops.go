package main

// Scripted guest operations. vcsim 0.24.2 does not implement StartProgramInGuest, ListProcessesInGuest or
// CreateTemporaryFileInGuest (MethodNotFound), its file transfers need a Docker-backed VM, and it has no
// RebootGuest; so the launcher replaces vcsim's GuestProcessManager and GuestFileManager with its own and sets
// the RebootGuest hook of our simulator overlay. Every answer comes from the VM's state (power, VMware Tools,
// nestedHVEnabled, its host's support) and its simulated Windows (guest.go), with the faults ESXi gives:
// InvalidPowerState when the VM is not on, GuestOperationsUnavailable when VMware Tools is not running,
// InvalidGuestLogin for wrong credentials, FileNotFound for a missing program or file.

import (
	"log"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type guestProcessManager struct {
	mo.GuestProcessManager
}

type guestFileManager struct {
	mo.GuestFileManager
	host *hostFileServer
}

// installGuestOperations puts our managers in place of vcsim's, under the references ServiceContent gives.
func installGuestOperations(host *hostFileServer) {
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	manager := simulator.Map.Get(*si.Content.GuestOperationsManager).(*simulator.GuestOperationsManager)
	pm := new(guestProcessManager)
	pm.Self = *manager.ProcessManager
	simulator.Map.Put(pm)
	fm := &guestFileManager{host: host}
	fm.Self = *manager.FileManager
	simulator.Map.Put(fm)
	simulator.RebootGuestHook = rebootGuest
	simulator.ShutdownGuestDelayHook = shutdownTime
	simulator.Map.AddHandler(powerWatcher{})
}

// vmState is what a guest operation needs to know about the VM, read under the VM's lock.
type vmState struct {
	power          types.VirtualMachinePowerState
	toolsRunning   bool
	nestingExposed bool
}

func readVM(ref types.ManagedObjectReference) (*simulator.VirtualMachine, vmState, types.BaseMethodFault) {
	vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
	if !ok {
		return nil, vmState{}, &types.ManagedObjectNotFound{Obj: ref}
	}
	var s vmState
	var host *types.ManagedObjectReference
	simulator.Map.WithLock(vm, func() {
		s.power = vm.Runtime.PowerState
		s.toolsRunning = vm.Guest.ToolsRunningStatus == string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		s.nestingExposed = vm.Config.NestedHVEnabled != nil && *vm.Config.NestedHVEnabled
		host = vm.Runtime.Host
	})
	if host != nil {
		if h, ok := simulator.Map.Get(*host).(*simulator.HostSystem); ok {
			simulator.Map.WithLock(h, func() {
				supported := h.Capability != nil && h.Capability.NestedHVSupported != nil && *h.Capability.NestedHVSupported
				s.nestingExposed = s.nestingExposed && supported
			})
		}
	}
	return vm, s, nil
}

// enter checks what every guest operation needs, and returns the guest locked; the caller unlocks it.
func enter(ref types.ManagedObjectReference, auth types.BaseGuestAuthentication) (*guest, vmState, types.BaseMethodFault) {
	vm, s, fault := readVM(ref)
	if fault != nil {
		return nil, s, fault
	}
	if s.power != types.VirtualMachinePowerStatePoweredOn {
		return nil, s, &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: s.power}
	}
	if !s.toolsRunning {
		return nil, s, new(types.GuestOperationsUnavailable)
	}
	g := guestOf(vm)
	g.mu.Lock()
	if g.consumeUnavailable() {
		g.mu.Unlock()
		return nil, s, new(types.GuestOperationsUnavailable)
	}
	login, ok := auth.(*types.NamePasswordAuthentication)
	// Windows user names compare without regard to case, passwords exactly. No account without a password.
	if !ok || g.password == "" || !strings.EqualFold(login.Username, g.username) || login.Password != g.password {
		g.mu.Unlock()
		return nil, s, new(types.InvalidGuestLogin)
	}
	g.settle(time.Now())
	return g, s, nil
}

func (m *guestProcessManager) StartProgramInGuest(ctx *simulator.Context, req *types.StartProgramInGuest) soap.HasFault {
	body := new(methods.StartProgramInGuestBody)
	g, s, fault := enter(req.Vm, req.Auth)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	defer g.mu.Unlock()
	spec := req.Spec.GetGuestProgramSpec()
	if !strings.EqualFold(spec.ProgramPath, powershell) {
		body.Fault_ = simulator.Fault("", &types.FileNotFound{FileFault: types.FileFault{File: spec.ProgramPath}})
		return body
	}
	command := parseCommand(spec.ProgramPath, spec.Arguments)
	now := time.Now()
	p := &process{
		pid:     g.nextPid,
		name:    "powershell.exe",
		owner:   g.computer + `\` + g.username,
		cmdLine: `"` + spec.ProgramPath + `" ` + spec.Arguments,
		start:   now,
		end:     now.Add(g.processTime),
		finish:  programEffect(command, s.nestingExposed),
	}
	g.nextPid += 4
	g.processes[p.pid] = p
	body.Res = &types.StartProgramInGuestResponse{Returnval: p.pid}
	return body
}

// programEffect is what the program does when it ends: writes its output file, and for the remediation
// command marks the features enabled, pending a restart. Its result is the exit code.
func programEffect(c guestCommand, nestingExposed bool) func(g *guest) int32 {
	return func(g *guest) int32 {
		switch c.kind {
		case probeSystem:
			g.writeOutput(c.outputPath, g.systemPart(nestingExposed))
			return 0
		case probeUser:
			g.writeOutput(c.outputPath, g.userPart(c.distro, nestingExposed))
			return 0
		case enableFeatures:
			return g.enable(c)
		default:
			log.Printf("guest operations: started an unknown command (%s); it exits with 1", c.problem)
			return 1
		}
	}
}

func (g *guest) enable(c guestCommand) int32 {
	if !g.admin {
		g.writeOutput(c.outputPath, "Enable-WindowsOptionalFeature : "+elevationRequired)
		return 1
	}
	for _, name := range c.features {
		if !knownFeature(name) {
			g.writeOutput(c.outputPath, "feature "+name+" does not exist in this Windows")
			return 1
		}
	}
	restart := false
	for _, name := range c.features {
		if g.features[name] != "Enabled" {
			g.features[name] = "EnablePending"
			restart = true
		}
	}
	g.rebootPending = g.rebootPending || restart
	if restart {
		g.writeOutput(c.outputPath, `{"enabled":true,"restartNeeded":true}`)
	} else {
		g.writeOutput(c.outputPath, `{"enabled":true,"restartNeeded":false}`)
	}
	return 0
}

func (m *guestProcessManager) ListProcessesInGuest(ctx *simulator.Context, req *types.ListProcessesInGuest) soap.HasFault {
	body := new(methods.ListProcessesInGuestBody)
	g, _, fault := enter(req.Vm, req.Auth)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	defer g.mu.Unlock()
	var infos []types.GuestProcessInfo
	for _, pid := range req.Pids {
		p, ok := g.processes[pid]
		if !ok {
			continue // ESXi lists only the processes it knows; a restart forgets them
		}
		info := types.GuestProcessInfo{Name: p.name, Pid: p.pid, Owner: p.owner, CmdLine: p.cmdLine, StartTime: p.start}
		if p.done {
			end := p.end
			info.EndTime = &end
			info.ExitCode = p.exitCode // omitted from the XML when 0, as govmomi and ESXi do
		}
		infos = append(infos, info)
	}
	body.Res = &types.ListProcessesInGuestResponse{Returnval: infos}
	return body
}

func (m *guestFileManager) CreateTemporaryFileInGuest(ctx *simulator.Context, req *types.CreateTemporaryFileInGuest) soap.HasFault {
	body := new(methods.CreateTemporaryFileInGuestBody)
	g, _, fault := enter(req.Vm, req.Auth)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	defer g.mu.Unlock()
	path := g.tempPath(req.Prefix, req.Suffix)
	if req.DirectoryPath != "" {
		path = strings.TrimRight(req.DirectoryPath, `\`) + `\` + path[strings.LastIndex(path, `\`)+1:]
	}
	g.files[strings.ToLower(path)] = []byte{}
	body.Res = &types.CreateTemporaryFileInGuestResponse{Returnval: path}
	return body
}

func (m *guestFileManager) InitiateFileTransferFromGuest(ctx *simulator.Context, req *types.InitiateFileTransferFromGuest) soap.HasFault {
	body := new(methods.InitiateFileTransferFromGuestBody)
	g, _, fault := enter(req.Vm, req.Auth)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	defer g.mu.Unlock()
	data, ok := g.files[strings.ToLower(req.GuestFilePath)]
	if !ok {
		body.Fault_ = simulator.Fault("", &types.FileNotFound{FileFault: types.FileFault{File: req.GuestFilePath}})
		return body
	}
	modified := time.Now()
	body.Res = &types.InitiateFileTransferFromGuestResponse{Returnval: types.FileTransferInformation{
		Attributes: &types.GuestWindowsFileAttributes{GuestFileAttributes: types.GuestFileAttributes{ModificationTime: &modified}},
		Size:       int64(len(data)),
		Url:        m.host.offer(append([]byte(nil), data...)),
	}}
	return body
}

func (m *guestFileManager) DeleteFileInGuest(ctx *simulator.Context, req *types.DeleteFileInGuest) soap.HasFault {
	body := new(methods.DeleteFileInGuestBody)
	g, _, fault := enter(req.Vm, req.Auth)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	defer g.mu.Unlock()
	key := strings.ToLower(req.FilePath)
	if _, ok := g.files[key]; !ok {
		body.Fault_ = simulator.Fault("", &types.FileNotFound{FileFault: types.FileFault{File: req.FilePath}})
		return body
	}
	delete(g.files, key)
	body.Res = new(types.DeleteFileInGuestResponse)
	return body
}

// rebootGuest runs with the VM's lock held (it is a VirtualMachine method). VMware Tools goes away while
// Windows restarts and comes back after the guest's rebootTime.
func rebootGuest(ctx *simulator.Context, vm *simulator.VirtualMachine) types.BaseMethodFault {
	if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
		return &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: vm.Runtime.PowerState}
	}
	if vm.Guest.ToolsRunningStatus != string(types.VirtualMachineToolsRunningStatusGuestToolsRunning) {
		return new(types.ToolsUnavailable)
	}
	g := guestOf(vm)
	g.mu.Lock()
	g.boot()
	downFor := g.rebootTime
	g.mu.Unlock()
	setToolsRunning(vm, false)
	time.AfterFunc(downFor, func() {
		simulator.Map.WithLock(vm, func() {
			if vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
				setToolsRunning(vm, true)
			}
		})
	})
	return nil
}

// shutdownTime is how long the VM's Windows takes to shut down once asked (the guest's shutdownMillis).
func shutdownTime(vm *simulator.VirtualMachine) time.Duration {
	g := guestOf(vm)
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.shutdownTime
}
