package main

// Recognises the programs provision starts in a guest: Windows PowerShell with an -EncodedCommand that is
// either one part of the guest probe (ProbeScripts.guestOperationsArguments: the gzip-compressed script, its
// -Distro, and the file the output goes to) or the remediation command (GuestCommands.enableFeatures). The
// command is decoded only as far as needed to tell which, with which distro and features, and where the output
// goes; anything else runs and fails, as an unknown command would.

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io/ioutil"
	"regexp"
	"strings"
	"unicode/utf16"
)

const powershell = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`

type commandKind int

const (
	unknownCommand commandKind = iota
	probeSystem
	probeUser
	enableFeatures
)

type guestCommand struct {
	kind       commandKind
	distro     string
	features   []string
	outputPath string
	problem    string // why an unknown command is unknown, for the launcher's log
}

var (
	encodedArg    = regexp.MustCompile(`(?i)-EncodedCommand\s+([A-Za-z0-9+/=]+)`)
	gzipPayload   = regexp.MustCompile(`FromBase64String\('([A-Za-z0-9+/=]+)'\)`)
	distroArg     = regexp.MustCompile(`-Distro '((?:[^']|'')*)'`)
	probeOutput   = regexp.MustCompile(`WriteAllLines\('((?:[^']|'')*)'`)
	featureList   = regexp.MustCompile(`\$features = @\(([^)]*)\)`)
	outputVar     = regexp.MustCompile(`\$outputPath = '((?:[^']|'')*)'`)
	quotedLiteral = regexp.MustCompile(`'((?:[^']|'')*)'`)
)

func parseCommand(programPath, arguments string) guestCommand {
	if !strings.EqualFold(programPath, powershell) {
		return guestCommand{problem: "not Windows PowerShell: " + programPath}
	}
	m := encodedArg.FindStringSubmatch(arguments)
	if m == nil {
		return guestCommand{problem: "no -EncodedCommand"}
	}
	command, err := decodeUTF16Base64(m[1])
	if err != nil {
		return guestCommand{problem: "-EncodedCommand is not base64 UTF-16LE: " + err.Error()}
	}
	if strings.Contains(command, "# provision: enable Windows features") {
		return parseEnable(command)
	}
	return parseProbe(command)
}

func parseProbe(command string) guestCommand {
	payload := gzipPayload.FindStringSubmatch(command)
	output := probeOutput.FindStringSubmatch(command)
	if payload == nil || output == nil {
		return guestCommand{problem: "neither the probe nor the remediation command"}
	}
	script, err := gunzipBase64(payload[1])
	if err != nil {
		return guestCommand{problem: "the probe's script does not unpack: " + err.Error()}
	}
	c := guestCommand{outputPath: unquote(output[1])}
	switch {
	case strings.Contains(script, "part = 'system'"):
		c.kind = probeSystem
	case strings.Contains(script, "part = 'user'"):
		d := distroArg.FindStringSubmatch(command)
		if d == nil {
			return guestCommand{problem: "the user part without -Distro"}
		}
		c.kind, c.distro = probeUser, unquote(d[1])
	default:
		return guestCommand{problem: "a script that is neither probe part"}
	}
	return c
}

func parseEnable(command string) guestCommand {
	list := featureList.FindStringSubmatch(command)
	output := outputVar.FindStringSubmatch(command)
	if list == nil || output == nil {
		return guestCommand{problem: "the remediation command without $features or $outputPath"}
	}
	c := guestCommand{kind: enableFeatures, outputPath: unquote(output[1])}
	for _, q := range quotedLiteral.FindAllStringSubmatch(list[1], -1) {
		c.features = append(c.features, unquote(q[1]))
	}
	return c
}

func unquote(literal string) string {
	return strings.ReplaceAll(literal, "''", "'")
}

func decodeUTF16Base64(text string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return "", err
	}
	if len(raw)%2 != 0 {
		return "", fmt.Errorf("odd length %d", len(raw))
	}
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
	}
	return string(utf16.Decode(units)), nil
}

func gunzipBase64(text string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return "", err
	}
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	script, err := ioutil.ReadAll(r)
	return string(script), err
}
