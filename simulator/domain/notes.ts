/** Notes work the same on jobs and projects: append-only, pinned first, each one an export-feed entry. */
import type { Collection } from '../collection';
import type { FeedName } from '../exportFeeds';
import type { Relation, TenantData } from '../store';
import type { NoteCreateRequest, NoteRecord } from '../types';
import { Problems } from './common';

export interface NoteShelf {
	notes: Collection<NoteRecord>;
	/** Owner slot → note ids. */
	noteIds: Relation<number>;
	owners: Collection<{ id: number }>;
	feed: FeedName;
}

export function jobNoteShelf(data: TenantData): NoteShelf {
	return { notes: data.jobNotes, noteIds: data.jobNoteIds, owners: data.jobs, feed: 'job-notes' };
}

export function projectNoteShelf(data: TenantData): NoteShelf {
	return { notes: data.projectNotes, noteIds: data.projectNoteIds, owners: data.projects, feed: 'project-notes' };
}

/** The owner must exist (callers check it so the right 404 is raised). */
export function addNote(data: TenantData, shelf: NoteShelf, ownerId: number, request: NoteCreateRequest, actorId: number): NoteRecord {
	const problems = new Problems();
	problems.check(request.text.trim() !== '', 'text', 'The text field is required.');
	problems.throwIfAny();
	const now = data.now();
	const note = shelf.notes.insert((id) => ({
		id,
		ownerId,
		text: request.text,
		isPinned: request.pinToTop === true,
		createdById: actorId,
		createdOn: now,
		modifiedOn: now,
		active: true,
	}));
	shelf.noteIds.edit(shelf.owners.slotOf(ownerId)).push(note.id);
	data.recordChange(shelf.feed, shelf.notes.slotOf(note.id), now);
	return note;
}

/** Active notes, pinned first, then oldest first. */
export function activeNotes(shelf: NoteShelf, ownerId: number): NoteRecord[] {
	return shelf.noteIds
		.get(shelf.owners.slotOf(ownerId))
		.map((noteId) => shelf.notes.get(noteId))
		.filter((note): note is NoteRecord => note?.active === true)
		.sort((a, b) => Number(b.isPinned) - Number(a.isPinned) || a.createdOn - b.createdOn || a.id - b.id);
}
