import type { it } from './it'

/** The events' words in English: the same keys as the Italian. */
export const en: typeof it = {
  experience: {
    events: {
      nav: 'Events',
      kinds: { seminar: 'Seminar', workshop: 'Workshop', living_lab: 'Living lab', guided_visit: 'Guided visit of the Experience centre', webinar: 'Webinar', matchmaking_day: 'Matchmaking day' },
      statuses: { draft: 'Draft', published: 'Published', cancelled: 'Cancelled' },
      registrationStatuses: { confirmed: 'Confirmed', offered: 'Place offered', waitlisted: 'Waitlisted', cancelled: 'Cancelled', expired: 'Offer expired' },
      list: {
        title: 'Events', intro: "The chamber's calendar of events: seminars, workshops, living labs, visits and webinars.",
        newEvent: 'New event', month: 'Month', previous: 'Previous month', next: 'Next month', status: 'Status', kind: 'Kind',
        all: 'All', empty: 'No events this month.', caption: "The month's events", when: 'When', event: 'Event', places: 'Places',
        placesValue: '{taken} of {capacity}', waitlisted: 'Waiting', publicCalendar: 'Public calendar',
      },
      editor: {
        newTitle: 'New event', editTitle: 'Edit event', kind: 'Kind', title: 'Title', summary: 'Summary', description: 'Description',
        startsAt: 'Starts (Rome time)', endsAt: 'Ends (Rome time)', venue: 'Venue', address: 'Address', onlineUrl: 'Online link',
        capacity: 'Places', themes: 'Themes', speakers: 'Speakers', speakerName: "Speaker's name", speakerOrganisation: 'Organisation',
        addSpeaker: 'Add speaker', removeSpeaker: 'Remove speaker {name}', partners: 'Partners (ids, comma separated)',
        registrationClosesAt: 'Registration closes (Rome time)', offerHours: 'Hours to confirm an offered place', save: 'Save', cancel: 'Cancel',
        saved: 'Event saved.', placeHint: 'Give a venue or an online link (or both).',
      },
      page: {
        publish: 'Publish', cancelEvent: 'Cancel the event', confirmCancel: 'Cancel the event? Every registrant will get an e-mail.',
        edit: 'Edit', checkin: 'Check-in', results: 'Results', publicPage: 'Public page', counts: 'Registrations',
        confirmed: 'Confirmed', offered: 'Offered', waitlisted: 'Waiting', cancelled: 'Cancelled', capacity: 'Places',
        registrations: 'Registrants', waitlist: 'Waitlist', person: 'Person', firm: 'Firm', status: 'Status', registeredAt: 'Registered',
        position: 'Position', offerUntil: 'Offer until', cancelRegistration: 'Cancel registration',
        confirmCancelRegistration: "Cancel {name}'s registration? The place will be offered to the first on the waitlist.",
        noRegistrations: 'No registrations.', noWaitlist: 'Nobody on the waitlist.', speakers: 'Speakers', partners: 'Partners',
      },
      public: {
        calendarTitle: 'Events', calendarIntro: 'Seminars, workshops and visits of the Punto Impresa Digitale: free registration.',
        subscribe: 'Add the calendar (iCal)', empty: 'No events planned.', notFound: 'Event not found.',
        details: 'Details', addToCalendar: 'Add to calendar', placesLeft: 'Places left: {n}', full: 'Fully booked: you can join the waitlist.',
        closed: 'Registration is closed.', online: 'Online', when: 'When', where: 'Where',
        form: 'Registration', firmCode: "Firm's tax code or VAT number", firmName: 'Company name', firstName: 'First name', lastName: 'Last name',
        email: 'E-mail', phone: 'Phone (optional)', consents: 'Consents (optional but the first)',
        consentEvents: 'I agree to be contacted about this and other events of the Punto Impresa Digitale',
        consentNewsletter: 'I agree to receive the newsletter', privacy: 'I have read the privacy notice',
        privacyText: 'The chamber of commerce processes the data to manage the registration (art. 13 GDPR); they are kept in its CRM.',
        submit: 'Register', confirmed: 'Registration confirmed. We sent you an e-mail with the link to your personal page and the QR code.',
        waitlisted: 'The event is full: you are on the waitlist (position {n}). If a place frees up you will get an e-mail.',
        already: 'You are already registered: the link to your personal page is in the e-mail you received.', required: 'Required',
      },
      personal: {
        title: 'My registration', notFound: 'Registration not found: check the link in your e-mail.',
        status: 'Status', person: 'Registrant', qr: 'QR code to show at the door', qrAlt: 'QR code of your registration',
        position: 'Waitlist position: {n}', offer: 'A place has freed up for you: confirm it by {time}.',
        confirmOffer: 'Confirm the place', declineOffer: 'Decline', cancel: 'Cancel the registration',
        confirmCancel: 'Cancel the registration? The place will go to others.', cancelled: 'Registration cancelled.', confirmedNow: 'Place confirmed. See you soon!',
      },
    },
  },
  problems: {
    experience_capacity_below_taken: 'The places cannot go below those already given ({seatsTaken}).',
    experience_registration_closed: 'Registration for this event is closed.',
    experience_event_cancelled: 'The event has been cancelled.',
    experience_event_past: 'The event has already started or ended.',
    experience_event_not_published: 'The event is not published.',
    experience_offer_not_open: 'There is no offered place to confirm (or the offer expired).',
    experience_registration_not_live: 'The registration is no longer active.',
    experience_event_period: "Check the event's dates and place.",
    fields: {
      experience_ends_before_start: 'The end must come after the start.',
      experience_closes_after_start: 'Registration must close before the start.',
      experience_place_or_link: 'Give a venue or an online link.',
      experience_capacity_below_taken: '{seatsTaken} places already given.',
      unknown_partner: 'Unknown partner.',
    },
  },
}
