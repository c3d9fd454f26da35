package db

import "github.com/google/uuid"

// NewID returns a UUIDv7 string. Version 7 ids begin with the creation time,
// so ordering by id is ordering by age: keyset pagination and index
// locality come for free on both engines.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}
