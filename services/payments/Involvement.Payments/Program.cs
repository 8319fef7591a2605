using Involvement.BuildingBlocks.Hosting;
using Involvement.Payments;

var builder = WebApplication.CreateBuilder(args);
builder.AddPayments();

var app = builder.Build();
app.MapPayments();
return await app.RunServiceAsync(args);
