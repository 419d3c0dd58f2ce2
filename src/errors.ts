// Every failure the mock answers is an ApiError rendered as OnceHub's error body
// {type, message, param?}. The messages live here, as data, so that each one is
// written once and matches OnceHub's text exactly where OnceHub documents it.

export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error'

/** OnceHub's error body. */
export interface ErrorBody {
  type: ErrorType
  message: string
  param?: string
}

/** An error with the HTTP status and the body the client receives. */
export class ApiError extends Error {
  readonly statusCode: number
  readonly type: ErrorType
  readonly param: string | undefined

  constructor (statusCode: number, type: ErrorType, message: string, param?: string) {
    super(message)
    this.statusCode = statusCode
    this.type = type
    this.param = param
  }

  /** The JSON body sent to the client. */
  toBody (): ErrorBody {
    return this.param === undefined
      ? { type: this.type, message: this.message }
      : { type: this.type, message: this.message, param: this.param }
  }
}

const invalid = (status: number, message: string, param?: string): ApiError =>
  new ApiError(status, 'invalid_request_error', message, param)

/** Constructors for each error the mock answers, named by what went wrong. */
export const errors = {
  // Documented by OnceHub, word for word.
  invalidApiKey: () => new ApiError(401, 'authentication_error', 'Invalid API key.'),
  noSuchObject: (resource: string, id: string, param = 'id') => invalid(404, `No such ${resource}: '${id}'`, param),
  unknownParameter: (name: string) => invalid(400, `Received unknown parameter: ${name}`, name),
  limitOutOfRange: (value: string) =>
    invalid(400, `Out of range value: ${value}. Please provide a number between 1 and 100.`, 'limit'),
  bothCursors: () => invalid(400, 'Received both before and after parameters. Please provide only one.'),
  reversedRange: (field: string) => invalid(400, `${field}.gt cannot be later than ${field}.lt`, `${field}.gt`),
  cannotExpand: (name: string) => invalid(400, `This property cannot be expanded: ${name}`, 'expand'),
  cannotCancel: (id: string) => invalid(409, `Booking cannot be cancelled: '${id}'`, 'id'),
  cannotNoShow: (id: string) => invalid(409, `Cannot update booking status to no_show: '${id}'`, 'id'),
  paidCancel: () => invalid(422, 'Paid bookings cannot be canceled through this endpoint. Please login to OnceHub and use the Activity Stream to cancel paid bookings.'),
  paidReschedule: () => invalid(422, 'Paid bookings can only be requested for reschedule in your OnceHub account. Log in and use the activity stream to submit a reschedule request for this booking.'),
  userInactive: (param = 'new_host') => invalid(409, 'User is inactive.', param),
  sameHost: () => invalid(409, 'Booking cannot be reassigned to the same host.', 'new_host'),
  cannotReassign: () => invalid(409, 'Booking cannot be reassigned in its current status.', 'id'),
  locationNotVirtual: () => invalid(400, "location.type must be 'virtual'", 'location.type'),
  internal: () => new ApiError(500, 'api_error', 'An unexpected error occurred. Please try again later.'),

  // Issue 20: writes of contacts and users, SMS notifications. OnceHub's texts, word for word.
  fieldRequired: (name: 'first_name' | 'last_name') => invalid(400, `${name} is required`, name),
  emailOrMobileRequired: () => invalid(400, "At least one of 'email' or 'mobile_phone' is required.", 'email'),
  invalidEmailFormat: (value: string) => invalid(400, `Invalid email format: '${value}'`, 'email'),
  invalidPhoneFormat: (value: string, param: string) => invalid(400, `Invalid phone format: '${value}'`, param),
  unsupportedFields: (param: string) => invalid(400, 'Unsupported fields', param),
  unsupportedField: (param: string) => invalid(400, 'Unsupported field', param),
  contactExists: (value: string, param: 'email' | 'mobile_phone') => invalid(409, `Contact already exists: '${value}'`, param),
  nothingToUpdate: () => invalid(400, 'At least one field must be provided to update.', 'body'),
  identifierNotUpdatable: (param: string) => invalid(400, 'Identifier fields (email, mobile_phone) cannot be updated via this endpoint', param),
  invalidTimezone: (value: string) => invalid(400, `Invalid timezone: '${value}'`, 'timezone'),
  unknownCustomField: (name: string) => invalid(400, `Custom field '${name}' does not exist in field library`, 'custom_fields'),
  requiredFieldsMissing: (param: string) => invalid(400, 'Required fields are missing.', param),
  // Adding a user names the field (`first_name`), updating one says it in words (`first name`).
  invalidNewUserName: (field: 'first_name' | 'last_name', value: string) => invalid(400, `Invalid ${field}: '${value}'`, field),
  invalidUserName: (field: 'first_name' | 'last_name', value: string) => invalid(400, `Invalid ${field.replace('_', ' ')}: '${value}'`, field),
  emailExists: (value: string) => invalid(400, `Email already exists: '${value}'`, 'email'),
  invalidRoleName: (value: string) => invalid(400, `Invalid role name: '${value}'`, 'role_name'),
  accountOwnerRole: () => invalid(400, "The 'Account Owner' role cannot be assigned directly via the API.", 'role_name'),
  teamsNotStrings: () => invalid(400, 'Must be an array of strings.', 'teams'),
  invalidTeams: (ids: readonly string[]) => invalid(400, `Invalid team(s): ${ids.map((id) => `'${id}'`).join(', ')}`, 'teams'),
  userLimit: () => invalid(422, 'You have reached the user limit for your current plan. To add more users, please upgrade your account.'),
  accountOwnerLocked: () => invalid(403, "Cannot update 'Account Owner' user."),
  userDeleted: (id: string) => invalid(410, `User cannot be modified as they have been deleted: '${id}'`, 'id'),
  invalidString: (name: string, value: string) => invalid(400, `Invalid string: ${value}`, name),
  // Issue 20, decided by the mock in the shape of OnceHub's texts above.
  accountOwnerUndeletable: () => invalid(403, "Cannot delete 'Account Owner' user."),
  conversationNotStarted: (id: string, action: 'closed' | 'abandoned' | 'booked') =>
    invalid(409, `Only a started conversation can be ${action}: '${id}'`, 'id'),

  // Decided by the mock where OnceHub documents no text (docs/where-the-mock-decides.md).
  unrecognizedUrl: (method: string, path: string) => invalid(404, `Unrecognized request URL (${method}: ${path}).`),
  unknownCursor: (resource: string, id: string, param: 'after' | 'before') =>
    invalid(400, `No such ${resource}: '${id}'`, param),
  invalidInteger: (name: string, value: string) => invalid(400, `Invalid integer: ${value}`, name),
  invalidDate: (name: string, value: string) =>
    invalid(400, `Invalid date: '${value}'. Use YYYY-MM-DD or an RFC 3339 date-time such as 2026-01-31T09:00:00Z.`, name),
  invalidStatus: (value: string) =>
    invalid(400, `Invalid status: '${value}'. Use one or more of requested, scheduled, rescheduled, completed, canceled, no_show, separated by commas.`, 'status'),
  missingParameter: (name: string) => invalid(400, `Missing required param: ${name}.`, name),
  multipleValues: (name: string) => invalid(400, `Received more than one value for parameter: ${name}`, name),
  tooLong: (name: string, max: number) => invalid(400, `Invalid ${name}: must be at most ${max} characters.`, name),
  invalidValue: (name: string, detail: string) => invalid(400, `Invalid ${name}: ${detail}.`, name),
  invalidDateTime: (name: string, value: string) =>
    invalid(400, `Invalid ${name}: '${value}' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.`, name),
  meetingTooLate: () => invalid(400, 'Invalid starting_time: the meeting must end by 9999-12-31T23:59:59Z.', 'starting_time'),
  clockOutOfRange: (name: string) => invalid(400, `Invalid ${name}: the clock must stay within years 0000 to 9999.`, name),
  invalidJson: () => invalid(400, 'Invalid JSON in the request body.'),
  bodyNotAllowed: (method: string) => invalid(400, `${method} requests do not take a request body.`),
  emptyBody: () => invalid(400, 'The request body is empty: give at least one parameter.'),
  bodyNotObject: () => invalid(400, 'The request body must be a JSON object.'),
  bodyTooDeep: (limit: number) => invalid(400, `The request body nests arrays and objects more than ${limit} levels deep.`),
  ownDelivery: () => invalid(508, 'oncehub-mock does not accept its own webhook deliveries: point the subscription at your receiver.'),
  cannotApprove: (id: string) => invalid(409, `Only a requested booking can be approved: '${id}'`, 'id'),
  webhookNameTaken: (name: string) => invalid(409, `A webhook subscription with this name already exists: '${name}'`, 'name'),
  invalidWebhookUrl: (url: string, reason = 'Use an absolute http or https URL.') => invalid(400, `Invalid url: '${url}'. ${reason}`, 'url'),
  webhookUrlCredentials: () => invalid(400, 'Invalid url: a URL with a user name or password (user:password@host) cannot be delivered. Put a token in the path or query instead.', 'url'),
  redeliverDeleted: (id: string, webhook: string) =>
    invalid(409, `Cannot redeliver '${id}': its webhook subscription '${webhook}' was deleted.`, 'id'),
  bookingExists: (id: string) => invalid(409, `A booking with this ID already exists: '${id}'`, 'id'),
  notInFuture: (name: string, now: string) => invalid(400, `${name} must be later than the mock's current time (${now}).`, name),
  malformedUrl: (path: string) => invalid(400, `Malformed URL: ${path}`),
  malformedRequest: (reason: string) => invalid(400, `Malformed HTTP request: ${reason}.`),
  missingHost: () => invalid(400, 'Malformed HTTP request: an HTTP/1.1 request must send a Host header.'),
  headersTooLarge: (limit: number) => invalid(431, `The request line and headers are larger than the limit of ${limit} bytes.`),
  requestTimeout: () => invalid(408, 'The request was not received in time.'),
  bodyTooLarge: (limit: number) => invalid(413, `The request body is larger than the limit of ${limit} bytes.`),
  unsupportedMediaType: (type: string) =>
    invalid(415, `Unsupported Content-Type: '${type}'. Send application/json.`),

  // Scheduling (issue 19): availability, time slots, booking a slot. First OnceHub's
  // own texts, word for word; then the mock's, where OnceHub documents none.
  availabilityOverlap: (range: string, param: string) => invalid(400, `availability range is overlapping: '${range}'`, param),
  startNotQuarterHour: (time: string, param: string) => invalid(400, `start time should be multiple of 15: '${time}'`, param),
  dateInPast: (date: string) => invalid(400, `Date cannot be in the past: '${date}'`, 'overrides.date'),
  duplicateDayOrDate: (value: string, param: 'weekly' | 'overrides') => invalid(400, `Duplicate entry for day or date: '${value}'`, param),
  dynamicAndStaticLink: (param: string) => invalid(422, 'You can set either online_dynamic_link or online_static_link', param),
  invalidDateFormat: (param: string) => invalid(400, `Invalid date format for ${param}. Expected format: YYYY-MM-DD`, param),
  slotsEndBeforeStart: () => invalid(400, 'End time must be after the start time.', 'end_time'),
  unpublishedCalendarSlots: () => invalid(422, 'Time slots cannot be retrieved from an unpublished booking calendar.', 'id'),
  unpublishedCalendarSchedule: () => invalid(422, 'Meeting cannot be scheduled on an unpublished booking calendar.', 'id'),
  requiredFormFields: () => invalid(400, 'Required fields are missing.', 'booking_form'),
  slotUnavailable: () => invalid(400, 'The selected start time is not available.', 'start_time'),
  // Decided by the mock, in the shape and wording of the texts above.
  endNotQuarterHour: (time: string, param: string) => invalid(400, `end time should be multiple of 15: '${time}'`, param),
  endNotAfterStart: (range: string, param: string) => invalid(400, `end time should be after start time: '${range}'`, param),
  invalidTimeFormat: (param: string) => invalid(400, `Invalid time format for ${param}. Expected format: HH:MM`, param),
  invalidDayName: (day: string) =>
    invalid(400, `Invalid day: '${day}'. Use one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday.`, 'weekly.day'),
  overrideDayMismatch: (day: string, date: string, actual: string) =>
    invalid(400, `Invalid overrides.day: '${day}'. ${date} is a ${actual}.`, 'overrides.day'),
  invalidLocationType: (type: string, param: string, allowed: readonly string[]) =>
    invalid(400, `Invalid location type: '${type}'. Use one of ${allowed.join(', ')}.`, param),
  duplicateLocationType: (type: string, param: string) => invalid(400, `Duplicate location type: '${type}'`, param),
  invalidVideoProvider: (value: string, param: string, allowed: readonly string[]) =>
    invalid(400, `Invalid video conferencing provider: '${value}'. Use one of ${allowed.join(', ')}.`, param),
  invalidMeetingUrl: (value: string, param: string) =>
    invalid(400, `Invalid online_static_link URL: '${value}'. Use an absolute http or https URL.`, param),
  slotRangeTooLong: () =>
    invalid(400, 'The difference between start_time and end_time must be less than or equal to 30 days.', 'end_time'),
  unknownTimeZone: (value: string, param = 'guest_time_zone') =>
    invalid(400, `Invalid ${param}: '${value}' is not an IANA time zone such as America/New_York.`, param),
  invalidGuestPhone: (value: string) =>
    invalid(400, `Invalid location.value: '${value}'. Use the guest's phone number in E.164 format, such as +12025550195.`, 'location.value'),
  locationUnavailable: () => invalid(400, 'The selected location is not available at this start time.', 'location'),
  // One-time links: OnceHub's text for a calendar that makes none; the rest the mock's.
  oneTimeLinksNotAllowed: (id: string) => invalid(400, `This booking calendar does not allow creation of one time links: '${id}'`, 'id'),
  linkUsed: (id: string) => invalid(409, `This one-time link has already been used: '${id}'`, 'id'),
  linkPageNotHeld: (page: string, masterPage: string) =>
    invalid(400, `Invalid booking_page: '${page}' is not a booking page of master page '${masterPage}'.`, 'booking_page'),
  linkPageOnCalendar: () => invalid(400, 'Invalid booking_page: a booking-calendar link books its calendar.', 'booking_page')
}
