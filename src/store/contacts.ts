// Writes of contacts: create, update, delete, each checked with OnceHub's rules and
// messages, and written in one transaction, or not at all. A contact's times come
// from a counter that only moves forward (stamp, below), so that a client polling
// `last_updated_time.gt` sees every change exactly once.

import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { errors } from '../errors.ts'
import { freeDerivedId } from '../ids.ts'
import { isE164, isEmail, isTimeZone } from '../formats.ts'
import { millis, timestamp } from '../time.ts'
import type { components } from '../openapi/types.gen.ts'
import type { AccountRepository } from './account.ts'
import * as tables from './tables.ts'
import type { Contact } from './types.ts'

/** A new contact's fields, as POST /v2/contacts takes them. */
export type ContactInput = components['schemas']['ContactCreateRequest']

/** The fields PATCH /v2/contacts/{id} changes. */
export type ContactChanges = components['schemas']['ContactUpdateRequest']

export interface ContactRepository {
  create(input: ContactInput): Contact
  update(id: string, changes: ContactChanges): Contact
  /** Deletes a live contact; false when there is none with this ID. */
  delete(id: string): boolean
  /**
   * The live contact with `visitor.email` (ASCII case ignored), or a new one made from
   * `visitor` (whose last name may be empty): what scheduling and the chatbot use, so a
   * deleted contact's email makes a new contact.
   */
  findOrCreate(visitor: ContactInput & { email: string }): { contact: Contact, created: boolean }
}

const STATUSES: ReadonlySet<unknown> = new Set(['Qualified', 'Sales qualified', 'Marketing qualified', 'Disqualified'])
const statusOf = (value: string | null | undefined): Contact['status'] => STATUSES.has(value) ? value as Contact['status'] : null

/** The contacts repository on `db`, on `clock`. */
export function createContactRepository (db: Database, clock: Clock, account: AccountRepository): ContactRepository {
  const insert = db.prepare(tables.insertSql(tables.contacts))
  const replace = db.prepare(tables.insertSql(tables.contacts, 'INSERT OR REPLACE'))
  const latest = db.prepare('SELECT max(last_updated_time) FROM contacts').pluck()
  const count = db.prepare('SELECT count(*) FROM contacts').pluck()
  const exists = db.prepare('SELECT 1 FROM contacts WHERE id = ?').pluck()
  const byEmail = db.prepare('SELECT id FROM contacts WHERE email = ? COLLATE NOCASE AND deleted_time IS NULL').pluck()
  const byMobile = db.prepare('SELECT id FROM contacts WHERE mobile_phone = ? AND deleted_time IS NULL').pluck()
  const remove = db.prepare('UPDATE contacts SET deleted_time = ? WHERE id = ? AND deleted_time IS NULL')
  const inLibrary = db.prepare('SELECT 1 FROM field_library WHERE name = ?').pluck()
  const seed = db.prepare("SELECT value FROM meta WHERE key = 'seed'").pluck()

  // The time of a change: the clock's second, or, when a change was already written
  // at or after it, the second after the latest one, so that times only move forward.
  const stamp = (): string => {
    const last = latest.get() as string | null
    const now = Math.floor(clock.now() / 1000) * 1000
    return timestamp(last === null ? now : Math.max(now, millis(last) + 1000))
  }
  // Derived from the dataset and how many contacts it ever had: a rerun gives the same IDs.
  const newId = (): string => freeDerivedId('CTC-', 10, (n) => `contact ${String(seed.get())} ${n}`, (id) => exists.get(id) === undefined, count.get() as number)
  const checkFields = (fields: ContactChanges | ContactInput, phoneParam = 'phone') => {
    if (fields.phone !== undefined && fields.phone !== null && !isE164(fields.phone)) throw errors.invalidPhoneFormat(fields.phone, phoneParam)
    if (fields.timezone !== undefined && !isTimeZone(fields.timezone)) throw errors.invalidTimezone(fields.timezone)
    if (fields.owner !== undefined && fields.owner !== '' && account.get('users', fields.owner) === undefined) {
      if (account.redacted('users', fields.owner) !== undefined) throw errors.userInactive('owner')
      throw errors.noSuchObject('user', fields.owner, 'owner')
    }
    for (const field of fields.custom_fields ?? []) if (inLibrary.get(field.name) === undefined) throw errors.unknownCustomField(field.name)
  }
  // A visitor's names come from a form's one Name field: the last may be empty.
  const add = (input: ContactInput): Contact => {
    const email = input.email ?? ''
    const mobile = input.mobile_phone ?? null
    if (email === '' && (mobile === null || mobile === '')) throw errors.emailOrMobileRequired()
    if (email !== '' && !isEmail(email)) throw errors.invalidEmailFormat(email)
    if (mobile !== null && mobile !== '' && !isE164(mobile)) throw errors.invalidPhoneFormat(mobile, 'mobile_phone')
    checkFields(input)
    if (email !== '' && byEmail.get(email) !== undefined) throw errors.contactExists(email, 'email')
    if (mobile !== null && mobile !== '' && byMobile.get(mobile) !== undefined) throw errors.contactExists(mobile, 'mobile_phone')
    const time = stamp()
    const contact: Contact = {
      object: 'contact',
      id: newId(),
      creation_time: time,
      last_updated_time: time,
      last_interacted_time: null,
      owner: input.owner ?? '',
      status: statusOf(input.status),
      city: input.city ?? null,
      company_size: input.company_size ?? null,
      company: input.company ?? null,
      country: input.country ?? null,
      email,
      employees: input.employees ?? 0,
      first_name: input.first_name ?? '',
      has_consent: input.has_consent ?? false,
      job_title: input.job_title ?? null,
      last_name: input.last_name ?? '',
      mobile_phone: mobile === '' ? null : mobile,
      phone: input.phone ?? null,
      post_code: input.post_code ?? null,
      salutation: input.salutation ?? null,
      state: input.state ?? null,
      street_address: input.street_address ?? null,
      terms_of_sevice: input.terms_of_sevice ?? false,
      timezone: input.timezone ?? account.ownerTimezone(),
      custom_fields: mergeFields([], input.custom_fields ?? [])
    }
    insert.run(tables.toRow(tables.contacts, { ...contact, deleted_time: null }))
    return contact
  }

  return {
    create: db.transaction((input: ContactInput) => {
      for (const name of ['first_name', 'last_name'] as const) if (typeof input[name] !== 'string' || input[name].trim() === '') throw errors.fieldRequired(name)
      return add(input)
    }),
    update: db.transaction((id: string, changes: ContactChanges) => {
      const contact = account.get('contacts', id)
      if (contact === undefined) throw errors.noSuchObject('contact', id)
      for (const name of ['first_name', 'last_name'] as const) if (changes[name] !== undefined && changes[name]!.trim() === '') throw errors.fieldRequired(name)
      checkFields(changes)
      const { custom_fields: fields, status, ...rest } = changes
      const updated: Contact = {
        ...contact,
        ...rest,
        ...(status === undefined ? {} : { status: statusOf(status) }),
        custom_fields: fields === undefined ? contact.custom_fields : mergeFields(contact.custom_fields, fields),
        last_updated_time: stamp()
      }
      replace.run(tables.toRow(tables.contacts, { ...updated, deleted_time: null }))
      return updated
    }),
    delete: db.transaction((id: string) => remove.run(timestamp(clock.now()), id).changes === 1),
    findOrCreate: db.transaction((visitor: ContactInput & { email: string }) => {
      const id = byEmail.get(visitor.email) as string | undefined
      return id === undefined ? { contact: add(visitor), created: true } : { contact: account.get('contacts', id)!, created: false }
    })
  }
}

// Custom fields given replace those of the same name and add the others, in order.
function mergeFields (fields: Contact['custom_fields'], given: Contact['custom_fields']): Contact['custom_fields'] {
  const merged = fields.map((field) => ({ ...field }))
  for (const { name, value } of given) {
    const existing = merged.find((field) => field.name === name)
    if (existing === undefined) merged.push({ name, value })
    else existing.value = value
  }
  return merged
}
