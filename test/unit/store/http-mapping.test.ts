// Reading CRM answers of various shapes into contacts and tasks (the http backend's mapping).
import { RelaisError } from '../../../src/errors';
import { contactBody, contactFieldNames, contactFromRecord, listResult, singleResult, taskFromRecord } from '../../../src/store/http-mapping';

const names = contactFieldNames({ backend: 'http', base_url: 'https://crm.example.com', contact_fields: { id: 'uuid', tags: 'labels' } }, { email_field: 'courriel' });

describe('http store mapping', () => {
  it('finds the record in {contact}, {data}, a result_path, or the body itself', () => {
    expect(singleResult({ contact: { uuid: '1' }, created: true }, undefined)).toEqual({ uuid: '1' });
    expect(singleResult({ data: { uuid: '2' } }, undefined)).toEqual({ uuid: '2' });
    expect(singleResult({ id: '3', data: { x: 1 } }, undefined)).toEqual({ id: '3', data: { x: 1 } });
    expect(singleResult({ result: { person: { uuid: '4' } } }, 'result.person')).toEqual({ uuid: '4' });
    expect(singleResult({ uuid: '5' }, '')).toEqual({ uuid: '5' });
  });

  it('finds lists in an array, {contacts|data|items}, or a result_path, and says when there is none', () => {
    expect(listResult([1], undefined, 'find_contacts')).toEqual([1]);
    expect(listResult({ items: [2], total: 1 }, undefined, 'find_contacts')).toEqual([2]);
    expect(listResult({ page: { hits: [3] } }, 'page.hits', 'find_contacts')).toEqual([3]);
    expect(() => listResult({ total: 0 }, undefined, 'find_contacts')).toThrow(/holds no list.*operations\.find_contacts\.result_path/);
  });

  it("maps the CRM's field names, keeps the others in fields, reads tags as strings or {name}", () => {
    const contact = contactFromRecord({ uuid: 7, courriel: 'a@example.com', phone: '+33611111111', labels: ['vip', { name: 'client' }, 'vip'], company: 'ACME' }, names, 'get_contact');
    expect(contact).toMatchObject({ id: '7', email: 'a@example.com', phone: '+33611111111', tags: ['client', 'vip'], fields: { company: 'ACME' } });
    expect(() => contactFromRecord({ email: 'x@example.com' }, names, 'upsert_contact')).toThrow(RelaisError);
    expect(() => contactFromRecord({ email: 'x@example.com' }, names, 'upsert_contact')).toThrow(/"uuid" field/);
  });

  it('sends identity fields under the CRM names, winning over fields_json', () => {
    expect(contactBody({ email: 'a@example.com', phone: '+33611111111', fields: { courriel: 'spoof@example.com', company: 'ACME' } }, names)).toEqual({
      courriel: 'a@example.com',
      phone: '+33611111111',
      company: 'ACME',
    });
  });

  it('reads tasks with English or French priorities and statuses', () => {
    expect(taskFromRecord({ id: 't1', title: 'x', priority: 'High', status: 'completed' }, 'create_task')).toMatchObject({ id: 't1', priorite: 'haute', status: 'done' });
    expect(taskFromRecord({ id: 't2', title: 'x', priorite: 'basse' }, 'create_task')).toMatchObject({ priorite: 'basse', status: 'open', contact_id: null });
  });
});
