using Involvement.BuildingBlocks.Hosting;
using Involvement.Reporting;

var builder = WebApplication.CreateBuilder(args);
builder.AddReporting();

var app = builder.Build();
app.MapReporting();
return await app.RunServiceAsync(args);
