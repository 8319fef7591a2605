using Involvement.BuildingBlocks.Hosting;
using Involvement.Recruitment;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecruitment();

var app = builder.Build();
app.MapRecruitment();
return await app.RunServiceAsync(args);
