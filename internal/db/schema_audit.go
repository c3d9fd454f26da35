package db

var schemaAudit = Migration{Version: 12, Name: "security audit log", Statements: []string{}}
