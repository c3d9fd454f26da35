package db

var schemaTraining = Migration{Version: 11, Name: "training orders, consent, hires and events", Statements: []string{}}
