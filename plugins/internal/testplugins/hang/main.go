// Command hang is a plugin that never completes its handshake.
package main

import "time"

func main() {
	for {
		time.Sleep(time.Hour)
	}
}
