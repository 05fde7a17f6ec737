package agent

import (
	"fmt"
	"strconv"
	"strings"

	"qcadmin/apiclient"
)

// parseColour reads a colour as a person may type or pick it: rgb(r, g, b) as
// Quickchat writes it, or #rrggbb and #rgb as colour pickers and style guides do.
func parseColour(s string) (r, g, b uint8, err error) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "#") {
		return apiclient.ParseRGB(t)
	}
	hex := t[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	n, perr := strconv.ParseUint(hex, 16, 32)
	if len(hex) != 6 || perr != nil {
		return 0, 0, 0, fmt.Errorf("colour %q is not a colour: write it as rgb(0, 122, 255) or #007aff", s)
	}
	return uint8(n >> 16), uint8(n >> 8), uint8(n), nil
}

// hexColour writes a colour the way <input type=color> takes it.
func hexColour(r, g, b uint8) string { return fmt.Sprintf("#%02x%02x%02x", r, g, b) }

// colourProblem words a colour that cannot be read, as a sentence.
func colourProblem(err error) string {
	msg := err.Error()
	if msg == "" {
		return "This colour cannot be read."
	}
	var sentence strings.Builder
	sentence.WriteString(strings.ToUpper(msg[:1]) + msg[1:])
	if !strings.HasSuffix(msg, ".") {
		sentence.WriteString(".")
	}
	return sentence.String() + " Nothing was saved."
}
