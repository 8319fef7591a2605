using Involvement.BuildingBlocks.Hosting;
using Involvement.Training;

var builder = WebApplication.CreateBuilder(args);
builder.AddTraining();

var app = builder.Build();
app.MapTraining();
return await app.RunServiceAsync(args);
