package main

// A fresh RSA-2048 certificate per run, instead of vcsim's built-in one (RSA-1024, the same key in
// every vcsim, no 127.0.0.1-only identity): the Java side must see a certificate it has never seen,
// so pinning and CA-file trust are really exercised.

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

type serverCert struct {
	tls        tls.Certificate
	pem        []byte
	thumbprint string // SHA-256 of the DER certificate, upper-case hex pairs joined by colons
	// SHA-1 of the same, the form in which vSphere reports a host's certificate (summary.config.sslThumbprint)
	sha1Thumbprint string
}

// newServerCert makes a certificate for 127.0.0.1 naming its role, e.g. "vCenter simulator".
func newServerCert(role string) (*serverCert, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating the RSA key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "127.0.0.1", Organization: []string{"provision test " + role}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(7 * 24 * time.Hour),
		// Self-signed and usable as its own trust anchor, so a test can hand it to the JDK as a CA file.
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("signing the certificate: %w", err)
	}
	sum := sha256.Sum256(der)
	sum1 := sha1.Sum(der)
	return &serverCert{
		tls:            tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		pem:            pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		thumbprint:     colonHex(sum[:]),
		sha1Thumbprint: colonHex(sum1[:]),
	}, nil
}

func (c *serverCert) tlsConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{c.tls}, MinVersion: tls.VersionTLS12}
}

func colonHex(b []byte) string {
	pairs := make([]string, len(b))
	for i := range b {
		pairs[i] = strings.ToUpper(hex.EncodeToString(b[i : i+1]))
	}
	return strings.Join(pairs, ":")
}

// randomPassword is used when the caller gives none, so no two simulators share a login.
func randomPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
