using Google.Rpc;
using Grpc.Core;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

public sealed class ExpenseLineTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task Bad_expense_lines_are_refused_with_the_fields_named()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var session = await fixture.SessionAsync(memberId);

        var negative = ClaimSteps.Parking(draft, session, amountPence: -100);
        var tooFar = ClaimSteps.CarMiles(draft, session, 100_000);
        var future = ClaimSteps.Parking(draft, session);
        future.IncurredOn = ClaimSteps.Date(ClaimSteps.Today.AddDays(3));
        var noReceipt = ClaimSteps.Parking(draft, session, ClaimsFixture.ReceiptThresholdPence + 1);
        var mileageWithoutVehicle = ClaimSteps.CarMiles(draft, session, 12);
        mileageWithoutVehicle.Vehicle = Vehicle.Unspecified;
        mileageWithoutVehicle.AmountPence = 500;
        var bicyclePassengers = ClaimSteps.CarMiles(draft, session, 5, passengers: 1);
        bicyclePassengers.Vehicle = Vehicle.Bicycle;
        var bookedParking = ClaimSteps.Parking(draft, session);
        bookedParking.BookedByTrust = true;
        var nothing = new AddExpenseLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version };

        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(negative).ResponseAsync, "amount_pence");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(tooFar).ResponseAsync, "miles");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(future).ResponseAsync, "incurred_on");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(noReceipt).ResponseAsync, "receipt_reference");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(mileageWithoutVehicle).ResponseAsync, "vehicle", "amount_pence");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(bicyclePassengers).ResponseAsync, "passengers");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(bookedParking).ResponseAsync, "booked_by_trust");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(nothing).ResponseAsync, "category", "session_id", "incurred_on");
        var bookedAfterThePastSession = ClaimSteps.Parking(draft, session, 3000);
        (bookedAfterThePastSession.Category, bookedAfterThePastSession.BookedByTrust) = (ExpenseCategory.Fare, true);
        bookedAfterThePastSession.IncurredOn = ClaimSteps.Date(ClaimSteps.Today.AddDays(2));
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(bookedAfterThePastSession).ResponseAsync, "incurred_on");
        Assert.Empty((await member.GetAsync(draft.ClaimId)).ExpenseLines);
    }

    [Fact]
    public async Task A_session_payments_has_not_heard_of_is_not_found()
    {
        var memberId = await fixture.KnownMemberAsync();
        var draft = await fixture.MemberClaims(memberId).DraftAsync(memberId);

        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.MemberClaims(memberId).AddParkingAsync(draft, Guid.CreateVersion7()));
    }

    [Fact]
    public async Task Receipted_expenses_over_the_threshold_and_travel_the_trust_booked_are_recorded()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var futureSession = await fixture.SessionAsync(memberId, DateTimeOffset.UtcNow.AddDays(10), costCentre: "CC-TRAVEL");
        var receipted = ClaimSteps.Parking(draft, await fixture.SessionAsync(memberId), 1500, receipt: "NCP-7741");
        receipted.Category = ExpenseCategory.Childcare;
        draft = (await member.AddExpenseLineAsync(receipted)).Claim;
        var booked = new AddExpenseLineRequest
        {
            ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, Category = ExpenseCategory.Fare, SessionId = futureSession.ToString(),
            IncurredOn = ClaimSteps.Date(ClaimSteps.Today.AddDays(10)), AmountPence = 4800, BookedByTrust = true,
        };

        var claim = (await member.AddExpenseLineAsync(booked)).Claim;

        Assert.Equal((1500L, 1500L), (claim.ExpensesPence, claim.TotalPence));
        var fare = Assert.Single(claim.ExpenseLines, e => e.Category == ExpenseCategory.Fare);
        Assert.Equal((4800L, 0L, true, "CC-TRAVEL"), (fare.AmountPence, fare.ReimbursedPence, fare.BookedByTrust, fare.CostCentre));
        Assert.Equal("NCP-7741", Assert.Single(claim.ExpenseLines, e => e.Category == ExpenseCategory.Childcare).ReceiptReference);
    }

    [Fact]
    public async Task Category_caps_are_checked_on_submit()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var session = await fixture.SessionAsync(memberId);
        var draft = await member.AddParkingAsync(await member.DraftAsync(memberId), session, 1000);
        draft = (await member.AddExpenseLineAsync(ClaimSteps.Parking(draft, session, ClaimsFixture.ParkingCapPence - 1000 + 1, receipt: "PAY-AND-DISPLAY-22"))).Claim;

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.SubmitAsync(draft));

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("EXPENSE_CAP", "parking"), (violation.Type, violation.Subject));
        var fixedUp = (await member.RemoveLineAsync(new RemoveLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, LineId = draft.ExpenseLines[1].ExpenseLineId })).Claim;
        Assert.Equal(ClaimState.Submitted, (await member.SubmitAsync(fixedUp)).State);
    }

    [Fact]
    public async Task Car_mileage_drops_to_the_reduced_rate_after_ten_thousand_miles_in_the_tax_year()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var session = await fixture.SessionAsync(memberId);
        var claim = await member.DraftAsync(memberId);
        for (var i = 0; i < 9; i++)
        {
            claim = (await member.AddExpenseLineAsync(ClaimSteps.CarMiles(claim, session, 1000))).Claim;
        }

        claim = (await member.AddExpenseLineAsync(ClaimSteps.CarMiles(claim, session, 990))).Claim;   // 9,990 miles at 45p
        var crossing = (await member.AddExpenseLineAsync(ClaimSteps.CarMiles(claim, session, 20, passengers: 2))).Claim;
        var bicycle = ClaimSteps.CarMiles(crossing, session, 12.5);
        bicycle.Vehicle = Vehicle.Bicycle;
        var last = (await member.AddExpenseLineAsync(bicycle)).Claim;

        var lines = last.ExpenseLines.OrderBy(e => e.CreatedAt.ToDateTimeOffset()).ToList();
        Assert.Equal(45_000L, lines[0].AmountPence);
        Assert.Equal(10 * 45 + 10 * 25 + 20 * 2 * 5, lines[10].AmountPence);   // 10 miles left at 45p, 10 at 25p, two passengers
        Assert.Equal(250L, lines[11].AmountPence);                               // 12.5 miles at 20p
        Assert.Equal(9 * 45_000L + 990 * 45 + 900 + 250, last.ExpensesPence);
    }

    [Fact]
    public async Task An_expense_is_claimed_only_for_a_session_the_member_took_part_in()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var someoneElsesSession = await fixture.SessionNotAttendedAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.AddParkingAsync(draft, someoneElsesSession));

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal("SESSION_NOT_ATTENDED", violation.Type);
        Assert.Empty((await member.GetAsync(draft.ClaimId)).ExpenseLines);
    }

    [Fact]
    public async Task Attendance_corrected_to_absent_claims_no_expense_for_that_session()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var session = await fixture.SessionAsync(memberId);
        await using (var db = fixture.OpenDatabase())
        {
            // What a ParticipationCorrected to "not attended" leaves of an unclaimed fee.
            await Dapper.SqlMapper.ExecuteAsync(db, "update fee_lines set state = 'void' where member_id = @memberId and session_id = @session", new { memberId, session });
        }

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.AddParkingAsync(draft, session));

        Assert.Equal("SESSION_NOT_ATTENDED", Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
    }

    [Fact]
    public async Task Travel_the_trust_booked_is_dated_at_most_a_year_ahead()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);
        var session = await fixture.SessionAsync(memberId, DateTimeOffset.UtcNow.AddDays(10));
        AddExpenseLineRequest Booked(DateOnly on) => new()
        {
            ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, Category = ExpenseCategory.Fare, SessionId = session.ToString(),
            IncurredOn = ClaimSteps.Date(on), AmountPence = 4800, BookedByTrust = true,
        };

        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(Booked(new DateOnly(9999, 12, 31))).ResponseAsync, "incurred_on");
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(Booked(ClaimSteps.Today.AddYears(1).AddDays(1))).ResponseAsync, "incurred_on");
        var booked = (await member.AddExpenseLineAsync(Booked(ClaimSteps.Today.AddYears(1)))).Claim;
        Assert.Single(booked.ExpenseLines);

        // Nor more than a year ago: its financial year would be one no budget report shows.
        await RpcAssert.InvalidFields(() => member.AddExpenseLineAsync(new AddExpenseLineRequest
        {
            ClaimId = booked.ClaimId, ExpectedVersion = booked.Version, Category = ExpenseCategory.Parking, SessionId = session.ToString(),
            IncurredOn = ClaimSteps.Date(new DateOnly(1900, 1, 1)), AmountPence = 500,
        }).ResponseAsync, "incurred_on");
    }

    [Fact]
    public async Task Car_mileage_is_repriced_on_submit_counting_only_journeys_made_earlier_in_claims_that_went_forward()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var session = await fixture.SessionAsync(memberId);
        var today = ClaimSteps.Today;
        // Journeys made later, already submitted: they do not push this earlier journey onto the reduced rate.
        var later = await member.DraftAsync(memberId);
        for (var i = 0; i < 10; i++)
        {
            var line = ClaimSteps.CarMiles(later, session, 1000);
            line.IncurredOn = ClaimSteps.Date(today);
            later = (await member.AddExpenseLineAsync(line)).Claim;
        }

        await member.SubmitAsync(later);
        // A draft of earlier journeys, never submitted: it may be abandoned, so it counts for nothing yet.
        var abandoned = await member.DraftAsync(memberId);
        var early = ClaimSteps.CarMiles(abandoned, session, 1000);
        early.IncurredOn = ClaimSteps.Date(today.AddDays(-3));
        abandoned = (await member.AddExpenseLineAsync(early)).Claim;
        for (var i = 0; i < 9; i++)
        {
            early.ExpectedVersion = abandoned.Version;
            abandoned = (await member.AddExpenseLineAsync(early)).Claim;
        }

        var draft = await member.DraftAsync(memberId);
        var journey = ClaimSteps.CarMiles(draft, session, 20);
        journey.IncurredOn = ClaimSteps.Date(today.AddDays(-2));
        draft = (await member.AddExpenseLineAsync(journey)).Claim;

        var submitted = await member.SubmitAsync(draft);

        Assert.Equal(20 * 45L, Assert.Single(submitted.ExpenseLines).AmountPence);
        Assert.Equal(20 * 45L, submitted.TotalPence);
    }
}
