//go:build !linux

package sandbox

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }

func residentBytes(int) (int64, bool) { return 0, false }
