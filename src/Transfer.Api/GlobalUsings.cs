// The framework every endpoint uses, and the ground floor every room stands on; a room's usings of another room are its own.
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Transfer.Api.Hosting;
global using Transfer.Api.Hosting.OpenApi;
global using Wolverine.Http;
