package db

var schemaTalentGoals = Migration{Version: 10, Name: "talent goals and maintained counts", Statements: []string{}}
