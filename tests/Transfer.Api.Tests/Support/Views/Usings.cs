// The views are what most tests read; one using for all of them keeps the test files' own headers as they are.
global using Transfer.Api.Tests.Support.Views;
