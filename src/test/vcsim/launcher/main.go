// Command provision-vcsim runs govmomi's vCenter simulator (vcsim) for the provision test suite.
//
// Debian ships govmomi 0.24.2 as source only, without a vcsim main, so this is our own small launcher:
// it builds an inventory of the requested size, applies a per-test scenario (scenario.go), makes the
// simulator digestible for yavijava's vSphere 6.0 client (compat.go), answers guest operations from a
// simulated Windows per VM (guest*.go, with the ESXi-side file server of esxhost.go), serves it over TLS
// on loopback with a fresh certificate (tlscert.go) and prints one JSON ready line on stdout.
//
// It stops when stdin reaches EOF, so a simulator never outlives the JVM that started it, and on
// SIGTERM/SIGINT; either way it removes the temporary datastore directories vcsim created.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

type options struct {
	hosts          int
	vms            int
	port           int
	username       string
	password       string
	latencyMillis  int
	sessionTimeout time.Duration
	scenarioFile   string
	certOut        string
	plainHTTP      bool
	exitOnStdinEOF bool
}

// readyLine is the single line of stdout the Java fixture waits for.
type readyLine struct {
	Ready      bool   `json:"ready"`
	URL        string `json:"url"`
	Thumbprint string `json:"thumbprint,omitempty"`
	CertFile   string `json:"certFile,omitempty"`
	Username   string `json:"username"`
	Password   string `json:"password"`
	Hosts      int    `json:"hosts"`
	VMs        int    `json:"vms"`
	// Where guest file transfers are served (every simulated ESXi host), and that server's SHA-1 thumbprint.
	GuestFileServer string `json:"guestFileServer"`
	HostThumbprint  string `json:"hostThumbprint"`
}

func parseFlags() options {
	var o options
	flag.IntVar(&o.hosts, "hosts", 3, "number of ESXi hosts (all in one cluster)")
	flag.IntVar(&o.vms, "vms", 10, "number of virtual machines")
	flag.IntVar(&o.port, "port", 0, "loopback port to listen on; 0 picks a free one")
	flag.StringVar(&o.username, "username", "provision", "the only user name Login accepts")
	flag.StringVar(&o.password, "password", "", "the only password Login accepts (default: random)")
	flag.IntVar(&o.latencyMillis, "latency-ms", 0, "milliseconds added to every SOAP call")
	flag.DurationVar(&o.sessionTimeout, "session-timeout", 0, "idle time after which a session expires (0: never)")
	flag.StringVar(&o.scenarioFile, "scenario", "", "JSON file with per-VM and per-host properties")
	flag.StringVar(&o.certOut, "cert-out", "", "also write the server certificate (PEM) to this file")
	flag.BoolVar(&o.plainHTTP, "plain-http", false, "serve plain http instead of https (for diagnosis only)")
	flag.BoolVar(&o.exitOnStdinEOF, "exit-on-stdin-eof", true, "exit when stdin is closed (ties the simulator to its parent)")
	flag.Parse()
	return o
}

func main() {
	o := parseFlags()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "provision-vcsim:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.hosts < 1 || o.vms < 0 {
		return fmt.Errorf("need -hosts >= 1 and -vms >= 0, got %d and %d", o.hosts, o.vms)
	}
	if o.password == "" {
		o.password = randomPassword()
	}
	sc, err := loadScenario(o.scenarioFile)
	if err != nil {
		return err
	}

	// One datacenter, one cluster with all hosts; vcsim places the cluster's VMs on its hosts.
	model := simulator.VPX()
	model.Host = 0
	model.Cluster = 1
	model.ClusterHost = o.hosts
	model.Machine = o.vms
	started := time.Now()
	if err := model.Create(); err != nil {
		return fmt.Errorf("creating the inventory: %w", err)
	}
	defer model.Remove()

	applyServiceContentCompat()
	hostFiles, err := startHostFileServer()
	if err != nil {
		return err
	}
	defer hostFiles.close()
	if err := sc.apply(hostFiles.cert.sha1Thumbprint); err != nil {
		return err
	}
	installGuestOperations(hostFiles)
	// Delay only the calls of the tests, not the ones that built the inventory.
	model.DelayConfig.Delay = o.latencyMillis
	model.DelayConfig.MethodDelay = sc.MethodDelayMillis
	simulator.SessionIdleTimeout = o.sessionTimeout

	var cert *serverCert
	if !o.plainHTTP {
		if cert, err = newServerCert("vCenter simulator"); err != nil {
			return err
		}
		model.Service.TLS = cert.tlsConfig()
		if o.certOut != "" {
			if err := ioutil.WriteFile(o.certOut, cert.pem, 0o644); err != nil {
				return fmt.Errorf("writing -cert-out: %w", err)
			}
		}
	}
	model.Service.Listen = &url.URL{
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port)),
		User: url.UserPassword(o.username, o.password),
	}
	server := model.Service.NewServer()
	defer server.Close()

	ready := readyLine{
		Ready:           true,
		URL:             sdkURL(server.URL),
		Username:        o.username,
		Password:        o.password,
		Hosts:           o.hosts,
		VMs:             o.vms,
		GuestFileServer: hostFiles.base,
		HostThumbprint:  hostFiles.cert.sha1Thumbprint,
	}
	if cert != nil {
		ready.Thumbprint = cert.thumbprint
		if o.certOut != "" {
			ready.CertFile = o.certOut
		}
	}
	line, _ := json.Marshal(ready)
	fmt.Fprintf(os.Stderr, "provision-vcsim: %d hosts, %d VMs ready in %s\n", o.hosts, o.vms, time.Since(started).Round(time.Millisecond))
	fmt.Println(string(line))

	waitForStop(o.exitOnStdinEOF)
	return nil
}

// sdkURL drops the credentials vcsim keeps in its URL; the ready line carries them separately.
func sdkURL(u *url.URL) string {
	clean := *u
	clean.User = nil
	return clean.String()
}

// waitForStop blocks until a termination signal arrives or, when asked, stdin is closed.
func waitForStop(watchStdin bool) {
	stop := make(chan struct{}, 2)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		<-signals
		stop <- struct{}{}
	}()
	if watchStdin {
		go func() {
			_, _ = io.Copy(ioutil.Discard, os.Stdin)
			stop <- struct{}{}
		}()
	}
	<-stop
}
