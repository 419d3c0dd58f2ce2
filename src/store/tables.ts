// One table per resource. Column names are the API's field names and are listed in
// the API's field order, so a row becomes an API object without a mapping layer:
// only JSON columns are parsed and boolean columns turned back into booleans.
// Bookings, read far more than anything else, are the exception: see booking-rows.ts.

export type ColumnKind = 'text' | 'integer' | 'boolean' | 'json'

export interface Table {
  name: string
  /** Column name → kind, in the order the API object lists its fields. */
  columns: Readonly<Record<string, ColumnKind>>
  /** Extra DDL: indexes for the columns that filters and ordering use. */
  indexes: readonly string[]
  /** Columns the store keeps for itself, read from the stored record; never part of the API object. */
  internal?: Readonly<Record<string, ColumnKind>>
  /** The primary key, when it is not `id`, `key`, or the first two columns. */
  primaryKey?: readonly string[]
  /**
   * Rows of a kilobyte or more: kept in a rowid table. A WITHOUT ROWID table stores
   * rows that large in overflow pages, half empty (twice the memory, slower inserts).
   */
  largeRows?: boolean
}

const t = 'text'
const j = 'json'

// Bookings keep their API JSON in `body`, beside the columns that filters, ordering
// and completion read (booking-rows.ts builds the row).
export const bookings: Table = {
  name: 'bookings',
  largeRows: true,
  columns: {
    id: t,
    status: t,
    owner: t,
    contact: t,
    booking_page: t,
    master_page: t,
    event_type: t,
    booking_calendar: t,
    creation_time: t,
    starting_time: t,
    last_updated_time: t,
    ends_at: t,
    body: t
  },
  // Lists are ordered by (creation_time, id) descending; each equality filter gets
  // an index that continues with that order, so a filtered page is a range scan.
  indexes: [
    'CREATE INDEX bookings_order ON bookings (creation_time, id)',
    ...['status', 'owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar']
      .map((column) => `CREATE INDEX bookings_${column} ON bookings (${column}, creation_time, id)`),
    'CREATE INDEX bookings_starting_time ON bookings (starting_time)',
    'CREATE INDEX bookings_last_updated_time ON bookings (last_updated_time)',
    // The bookings still waiting to be completed by the clock, by when they end.
    "CREATE INDEX bookings_pending_end ON bookings (ends_at) WHERE status IN ('scheduled', 'rescheduled')"
  ]
}

/**
 * Who hosts each booking: its owner, and co-hosts on some booking-calendar bookings,
 * with the meeting's times (fixed once booked), so that the bookings holding a
 * host's time in a range are one indexed range, however many the store holds.
 */
export const bookingHosts: Table = {
  name: 'booking_hosts',
  // position 0 is the host the booking is assigned to; co-hosts follow. canceled: 1
  // once the booking is, when it stops holding its hosts' time.
  columns: { booking_id: t, user_id: t, position: 'integer', starting_time: t, ends_at: t, canceled: 'integer' },
  indexes: ['CREATE INDEX booking_hosts_user ON booking_hosts (user_id, starting_time, ends_at, canceled, booking_id)']
}

/** Each user's scheduling availability: weekly working hours and dated overrides, in the user's zone. */
export const schedulingAvailability: Table = {
  name: 'scheduling_availability',
  columns: { user_id: t, timezone: t, weekly: j, overrides: j },
  primaryKey: ['user_id'],
  indexes: []
}

/** One-time links of booking calendars and master pages, and the booking each was used for. */
export const oneTimeLinks: Table = {
  name: 'one_time_links',
  columns: { id: t, target: t, url: t, creation_time: t, booking_form: j, utm_params: j, booking: t },
  indexes: []
}

/**
 * The bookings a user canceled with request-reschedule whose customer has not booked
 * again yet: the booking's JSON is the same as after a plain cancel.
 */
export const rescheduleRequests: Table = {
  name: 'reschedule_requests',
  columns: { booking_id: t, requested_time: t },
  indexes: []
}

export const users: Table = {
  name: 'users',
  columns: { object: t, id: t, first_name: t, last_name: t, email: t, status: t, role_name: t, timezone: t, teams: j },
  // A deleted user stays, redacted (docs/where-the-mock-decides.md): set when deleted.
  internal: { deleted_time: t },
  indexes: ['CREATE INDEX users_email ON users (email COLLATE NOCASE)']
}

export const teams: Table = {
  name: 'teams',
  columns: { object: t, id: t, name: t },
  indexes: []
}

export const bookingPages: Table = {
  name: 'booking_pages',
  columns: { object: t, id: t, name: t, label: t, url: t, active: 'boolean', timezone: t },
  indexes: []
}

export const masterPages: Table = {
  name: 'master_pages',
  columns: { object: t, id: t, name: t, label: t, url: t, active: 'boolean' },
  indexes: []
}

export const eventTypes: Table = {
  name: 'event_types',
  columns: { object: t, id: t, name: t },
  indexes: []
}

export const bookingCalendars: Table = {
  name: 'booking_calendars',
  columns: { object: t, id: t, host: t, name: t, subject: t, url: t, published: 'boolean', duration_minutes: 'integer' },
  indexes: []
}

export const contacts: Table = {
  name: 'contacts',
  largeRows: true,
  columns: {
    object: t,
    id: t,
    creation_time: t,
    last_updated_time: t,
    last_interacted_time: t,
    owner: t,
    status: t,
    city: t,
    company_size: t,
    company: t,
    country: t,
    email: t,
    employees: 'integer',
    first_name: t,
    has_consent: 'boolean',
    job_title: t,
    last_name: t,
    mobile_phone: t,
    phone: t,
    post_code: t,
    salutation: t,
    state: t,
    street_address: t,
    terms_of_sevice: 'boolean',
    timezone: t,
    custom_fields: j
  },
  // A deleted contact stays, redacted (docs/where-the-mock-decides.md): set when deleted.
  internal: { deleted_time: t },
  indexes: [
    // The `email` filter ignores ASCII case (docs/where-the-mock-decides.md).
    'CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE)',
    'CREATE INDEX contacts_mobile_phone ON contacts (mobile_phone)',
    'CREATE INDEX contacts_order ON contacts (creation_time, id)',
    'CREATE INDEX contacts_last_updated_time ON contacts (last_updated_time)'
  ]
}

/** Team membership, from each user's `teams`: the `user` filter of GET /v2/teams reads it. */
export const teamMembers: Table = {
  name: 'team_members',
  columns: { team_id: t, user_id: t },
  indexes: ['CREATE INDEX team_members_user ON team_members (user_id, team_id)']
}

/** The user who owns each booking page: the `user` filter of GET /v2/booking-pages reads it. */
export const bookingPageUsers: Table = {
  name: 'booking_page_users',
  columns: { booking_page_id: t, user_id: t },
  indexes: ['CREATE INDEX booking_page_users_user ON booking_page_users (user_id, booking_page_id)']
}

/** The master pages that hold each booking page. */
export const bookingPageMasterPages: Table = {
  name: 'booking_page_master_pages',
  columns: { booking_page_id: t, master_page_id: t },
  indexes: ['CREATE INDEX booking_page_master_pages_master ON booking_page_master_pages (master_page_id, booking_page_id)']
}

/** The event types each booking page offers. */
export const bookingPageEventTypes: Table = {
  name: 'booking_page_event_types',
  columns: { booking_page_id: t, event_type_id: t },
  indexes: ['CREATE INDEX booking_page_event_types_event ON booking_page_event_types (event_type_id, booking_page_id)']
}

/**
 * Who hosts each booking calendar: its host, and the members of a host team. The
 * `host` filter of GET /v2/booking-calendars reads it.
 */
export const bookingCalendarHosts: Table = {
  name: 'booking_calendar_hosts',
  // assigned: 1 for the users who take the calendar's meetings (time slots read them).
  columns: { booking_calendar_id: t, host_id: t, assigned: 'integer' },
  indexes: ['CREATE INDEX booking_calendar_hosts_host ON booking_calendar_hosts (host_id, booking_calendar_id)']
}

export const conversations: Table = {
  name: 'conversations',
  largeRows: true,
  columns: {
    id: t,
    object: t,
    creation_time: t,
    initiated_by: t,
    last_updated_time: t,
    last_interacted_time: t,
    contact: t,
    owner: t,
    status: t,
    bot: t,
    website: t,
    audience: t,
    answers: j,
    bookings: j
  },
  indexes: []
}

/** Webhook subscriptions; the secret is shown only when one is created. */
export const webhooks: Table = {
  name: 'webhooks',
  columns: { object: t, id: t, api_version: t, name: t, url: t, events: j, creation_time: t },
  internal: { secret: t, disabled_time: t, seq: 'integer' },
  indexes: ['CREATE UNIQUE INDEX webhooks_name ON webhooks (name)', 'CREATE INDEX webhooks_order ON webhooks (creation_time, id)']
}

/** Every event the mock emitted, as the envelope it delivers. */
export const events: Table = {
  name: 'events',
  largeRows: true,
  columns: { id: t, object: t, creation_time: t, type: t, api_version: t, data: j },
  internal: { seq: 'integer' },
  indexes: ['CREATE UNIQUE INDEX events_seq ON events (seq)']
}

/** One event for one subscription, with every attempt to deliver it. */
export const deliveries: Table = {
  name: 'deliveries',
  largeRows: true,
  columns: { object: t, id: t, event: t, webhook: t, status: t, attempts: j, next_attempt_time: t },
  internal: { seq: 'integer', first_attempt_ms: 'integer', next_attempt_ms: 'integer' },
  indexes: [
    // seq is the queue order: the log is listed by it, and new deliveries take the next one.
    'CREATE INDEX deliveries_order ON deliveries (seq, id)',
    'CREATE INDEX deliveries_webhook ON deliveries (webhook, seq)',
    "CREATE INDEX deliveries_pending ON deliveries (webhook, seq) WHERE status = 'pending'"
  ]
}

// Issue 20: SMS notifications, and the custom fields contacts may have.

/** The SMS notifications the account sent about bookings; `booking` is the one each is about. */
export const smsNotifications: Table = {
  name: 'sms_notifications',
  // Rowid, like bookings: loading a large dataset appends rows instead of filing each by its random ID.
  largeRows: true,
  columns: { object: t, id: t, type: t, status: t, creation_time: t, recipient: t, recipient_type: t, details: j },
  internal: { booking: t },
  indexes: [
    'CREATE INDEX sms_notifications_order ON sms_notifications (creation_time, id)',
    // recipient_type keeps about half of them: read along the order index instead.
    'CREATE INDEX sms_notifications_recipient ON sms_notifications (recipient, creation_time, id)',
    'CREATE INDEX sms_notifications_booking ON sms_notifications (booking)'
  ]
}

/** The account's field library: the custom fields a contact may be given (those its bookings and contacts use). */
export const fieldLibrary: Table = {
  name: 'field_library',
  columns: { name: t },
  indexes: []
}

/** Facts about the loaded dataset: its seed, size and reference date. */
export const meta: Table = {
  name: 'meta',
  columns: { key: t, value: t },
  indexes: []
}

export const ALL_TABLES: readonly Table[] = [
  deliveries, events, webhooks, meta, teams, users, masterPages, eventTypes, bookingPages, contacts, conversations, bookings, bookingHosts,
  teamMembers, bookingPageUsers, bookingPageMasterPages, bookingPageEventTypes, bookingCalendars, bookingCalendarHosts, rescheduleRequests,
  schedulingAvailability, oneTimeLinks,
  smsNotifications, fieldLibrary
]

const SQL_TYPES: Record<ColumnKind, string> = { text: 'TEXT', integer: 'INTEGER', boolean: 'INTEGER', json: 'TEXT' }

/** The API columns of `table`, for SELECT lists: internal columns stay inside the store. */
export function selectList (table: Table): string {
  return Object.keys(table.columns).join(', ')
}

/** An INSERT of one object's row, with positional parameters in toRow's order. */
export function insertSql (table: Table, verb: 'INSERT' | 'INSERT OR REPLACE' = 'INSERT'): string {
  const names = [...Object.keys(table.columns), ...Object.keys(table.internal ?? {})]
  return `${verb} INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`
}

/** CREATE TABLE and CREATE INDEX statements for `table`, each IF NOT EXISTS. */
export function ddl (table: Table): string {
  const names = Object.keys(table.columns)
  const columns = Object.entries({ ...table.columns, ...table.internal }).map(([name, kind]) => `${name} ${SQL_TYPES[kind]}`)
  const key = table.primaryKey !== undefined
    ? `PRIMARY KEY (${table.primaryKey.join(', ')})`
    : names.includes('id') ? 'PRIMARY KEY (id)' : names.includes('key') ? 'PRIMARY KEY (key)' : `PRIMARY KEY (${names.slice(0, 2).join(', ')})`
  return [`CREATE TABLE IF NOT EXISTS ${table.name} (${[...columns, key].join(', ')})${table.largeRows ? '' : ' WITHOUT ROWID'}`, indexDdl(table)]
    .filter((sql) => sql !== '').join(';\n')
}

/** The CREATE INDEX statements of `table`, each IF NOT EXISTS. */
export function indexDdl (table: Table): string {
  return table.indexes.map((sql) => sql.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')).join(';\n')
}

/** The names of the indexes of `table`. */
export function indexNames (table: Table): string[] {
  return table.indexes.map((sql) => /^CREATE (?:UNIQUE )?INDEX (\w+)/.exec(sql)![1]!)
}

/**
 * The row as the database stores it, as insertSql's parameters: JSON columns as
 * text, booleans as 0 or 1.
 */
export function toRow (table: Table, object: Record<string, unknown>): unknown[] {
  return Object.entries({ ...table.columns, ...table.internal }).map(([name, kind]) => {
    const value = object[name]
    if (value === undefined) throw new Error(`${table.name}.${name} is missing`)
    if (kind === 'json') return JSON.stringify(value)
    return kind === 'boolean' && value !== null ? (value ? 1 : 0) : value
  })
}

/** Turns a stored row (its columns by name) back into the API object, in place. */
export function fromRow<T> (table: Table, row: Record<string, unknown>): T {
  for (const [name, kind] of Object.entries(table.columns)) {
    const value = row[name]
    if (value === null) continue
    if (kind === 'json') row[name] = JSON.parse(value as string)
    else if (kind === 'boolean') row[name] = value === 1
  }
  return row as T
}

/** fromRow of what a statement's `get` found: undefined when it found no row. */
export function fromFoundRow<T> (table: Table, row: unknown): T | undefined {
  return row === undefined ? undefined : fromRow<T>(table, row as Record<string, unknown>)
}

/** The API object of a row read as the values of selectList's columns, in order. */
export function fromValues<T> (table: Table, values: readonly unknown[]): T {
  return fromRow(table, Object.fromEntries(Object.keys(table.columns).map((name, i) => [name, values[i]])))
}
