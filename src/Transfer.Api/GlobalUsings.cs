// The plumbing every endpoint slice uses; each file keeps the usings of its own feature.
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Transfer.Api.Infrastructure;
global using Transfer.Api.Infrastructure.OpenApi;
global using Transfer.Api.Counties;
global using Transfer.Api.Security;
global using Transfer.Api.Writing;
global using Wolverine.Http;
