// Package config reads ohtalent's settings from OHT_* environment variables,
// which command-line flags may override.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting the service reads at start.
type Config struct {
	Addr        string // OHT_ADDR, listen address
	DataDir     string // OHT_DATA_DIR, holds the SQLite file and a generated master key
	DatabaseURL string // OHT_DATABASE_URL, a postgres:// URL; empty means SQLite in DataDir
	MasterKey   string // OHT_MASTER_KEY, base64 of 32 bytes; generated into DataDir if empty
	CoursesDir  string // OHT_COURSES_DIR, read course content from here instead of the embedded copy
	PublicURL   string // OHT_PUBLIC_URL, how users reach the platform (links, credentials)
	IssuerName  string // OHT_ISSUER_NAME, the issuer named in credentials

	AdminEmail    string // OHT_ADMIN_EMAIL, first platform admin
	AdminPassword string // OHT_ADMIN_PASSWORD

	AccessTTL  time.Duration // OHT_ACCESS_TTL, lifetime of access JWTs
	RefreshTTL time.Duration // OHT_REFRESH_TTL, lifetime of refresh tokens

	LoginPerIPPerMinute      int           // OHT_LOGIN_RATE_IP
	LoginPerAccountPerWindow int           // OHT_LOGIN_RATE_ACCOUNT, failed logins per account and network before delays begin
	LoginDelayMax            time.Duration // OHT_LOGIN_DELAY_MAX, the longest delay after failed logins
	PublicPerIPPerMinute     int           // OHT_PUBLIC_RATE_IP, unauthenticated API calls
	VerifyPerIPPerMinute     int           // OHT_VERIFY_RATE_IP, credential verifications per client address

	TrustedProxies  []string // OHT_TRUSTED_PROXIES, comma-separated CIDRs whose X-Forwarded-For is believed
	MaxBodyBytes    int64    // OHT_MAX_BODY_BYTES, default request body cap
	LogLevel        string   // OHT_LOG_LEVEL: debug, info, warn, error
	Demo            bool     // OHT_DEMO, seed demo organizations and accounts
	GradeWorkers    int      // OHT_GRADE_WORKERS, sandbox worker processes (0 = one per CPU)
	SubmitPerMinute int      // OHT_SUBMIT_RATE, lab submissions per learner per minute
}

// FromEnv returns the configuration described by the environment, with defaults.
func FromEnv() (Config, error) {
	c := Config{
		Addr:          env("OHT_ADDR", ":8080"),
		DataDir:       env("OHT_DATA_DIR", "./data"),
		DatabaseURL:   os.Getenv("OHT_DATABASE_URL"),
		MasterKey:     os.Getenv("OHT_MASTER_KEY"),
		CoursesDir:    os.Getenv("OHT_COURSES_DIR"),
		PublicURL:     strings.TrimRight(env("OHT_PUBLIC_URL", "http://localhost:8080"), "/"),
		IssuerName:    env("OHT_ISSUER_NAME", "ohtalent 鸿蒙人才认证中心"),
		AdminEmail:    os.Getenv("OHT_ADMIN_EMAIL"),
		AdminPassword: os.Getenv("OHT_ADMIN_PASSWORD"),
		LogLevel:      env("OHT_LOG_LEVEL", "info"),
	}
	var err error
	if c.AccessTTL, err = durationEnv("OHT_ACCESS_TTL", 15*time.Minute); err != nil {
		return c, err
	}
	if c.RefreshTTL, err = durationEnv("OHT_REFRESH_TTL", 30*24*time.Hour); err != nil {
		return c, err
	}
	if c.LoginDelayMax, err = durationEnv("OHT_LOGIN_DELAY_MAX", 15*time.Minute); err != nil {
		return c, err
	}
	ints := []struct {
		name string
		dst  *int
		def  int
	}{
		{"OHT_LOGIN_RATE_IP", &c.LoginPerIPPerMinute, 30},
		{"OHT_LOGIN_RATE_ACCOUNT", &c.LoginPerAccountPerWindow, 10},
		{"OHT_PUBLIC_RATE_IP", &c.PublicPerIPPerMinute, 600},
		{"OHT_VERIFY_RATE_IP", &c.VerifyPerIPPerMinute, 300},
		{"OHT_GRADE_WORKERS", &c.GradeWorkers, 0},
		{"OHT_SUBMIT_RATE", &c.SubmitPerMinute, 30},
	}
	for _, it := range ints {
		if *it.dst, err = intEnv(it.name, it.def); err != nil {
			return c, err
		}
	}
	maxBody, err := intEnv("OHT_MAX_BODY_BYTES", 1<<20)
	if err != nil {
		return c, err
	}
	c.MaxBodyBytes = int64(maxBody)
	for _, p := range strings.Split(os.Getenv("OHT_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	c.Demo, err = boolEnv("OHT_DEMO", false)
	return c, err
}

// SQLitePath is where the embedded database lives.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "ohtalent.db") }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func intEnv(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a non-negative whole number, got %q", name, v)
	}
	return n, nil
}

func durationEnv(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 15m, got %q", name, v)
	}
	return d, nil
}

func boolEnv(name string, def bool) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s must be true or false, got %q", name, v)
	}
	return b, nil
}
