// Demo accounts for trying the app locally. Never seeded when NODE_ENV=production.

export interface DemoAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  roles: { role: 'barista' | 'manager' | 'admin'; store?: string }[];
  what: string;
}

const password = 'alpaca-demo-password';

export const demoAccounts: DemoAccount[] = [
  { email: 'customer@alpaca.test', password, firstName: 'Ada', lastName: 'Lovelace', roles: [], what: 'customer' },
  {
    email: 'barista.colchester@alpaca.test',
    password,
    firstName: 'Ben',
    lastName: 'Barista',
    roles: [{ role: 'barista', store: 'colchester' }],
    what: 'barista, Colchester',
  },
  {
    email: 'manager.colchester@alpaca.test',
    password,
    firstName: 'Maya',
    lastName: 'Manager',
    roles: [{ role: 'manager', store: 'colchester' }],
    what: 'manager, Colchester',
  },
  {
    email: 'barista.ipswich@alpaca.test',
    password,
    firstName: 'Isla',
    lastName: 'Barista',
    roles: [{ role: 'barista', store: 'ipswich' }],
    what: 'barista, Ipswich',
  },
  {
    email: 'manager.ipswich@alpaca.test',
    password,
    firstName: 'Ivan',
    lastName: 'Manager',
    roles: [{ role: 'manager', store: 'ipswich' }],
    what: 'manager, Ipswich',
  },
  { email: 'admin@alpaca.test', password, firstName: 'Alex', lastName: 'Admin', roles: [{ role: 'admin' }], what: 'admin' },
];
