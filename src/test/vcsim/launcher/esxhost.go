package main

// The ESXi side of guest file transfers. On real vSphere, InitiateFileTransferFromGuest answers with a URL on
// the ESXi host that runs the VM (https://<host>/guestFile?id=...&token=...), not on vCenter, and the host
// has its own certificate, which vCenter reports as the host's summary.config.sslThumbprint (SHA-1). This
// server plays every simulated host: its own listener on loopback, its own certificate, one-time URLs.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// How long a transfer URL stays valid; ESXi's are short-lived too.
const transferLifetime = 5 * time.Minute

type hostFileServer struct {
	cert     *serverCert
	listener net.Listener
	server   *http.Server
	base     string // https://127.0.0.1:PORT

	mu        sync.Mutex
	transfers map[string]transfer // by token
	served    int
}

type transfer struct {
	data    []byte
	expires time.Time
}

func startHostFileServer() (*hostFileServer, error) {
	cert, err := newServerCert("ESXi host simulator")
	if err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for guest file transfers: %w", err)
	}
	s := &hostFileServer{
		cert:      cert,
		listener:  listener,
		base:      "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(listener.Addr().(*net.TCPAddr).Port)),
		transfers: map[string]transfer{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/guestFile", s.serveGuestFile)
	s.server = &http.Server{Handler: mux, TLSConfig: cert.tlsConfig()}
	go func() { _ = s.server.ServeTLS(listener, "", "") }()
	return s, nil
}

// offer makes the data downloadable once, and returns its URL.
func (s *hostFileServer) offer(data []byte) string {
	token := make([]byte, 16)
	if _, err := rand.Read(token); err != nil {
		panic(err)
	}
	key := hex.EncodeToString(token)
	s.mu.Lock()
	s.transfers[key] = transfer{data: data, expires: time.Now().Add(transferLifetime)}
	s.mu.Unlock()
	return s.base + "/guestFile?id=" + strconv.Itoa(len(data)) + "&token=" + key
}

func (s *hostFileServer) serveGuestFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "only GET is simulated", http.StatusMethodNotAllowed)
		return
	}
	key := r.URL.Query().Get("token")
	s.mu.Lock()
	t, ok := s.transfers[key]
	delete(s.transfers, key) // one download per URL
	if ok {
		s.served++
	}
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		http.Error(w, "unknown or expired transfer", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(t.data)))
	_, _ = w.Write(t.data)
}

func (s *hostFileServer) close() {
	_ = s.server.Close()
}
